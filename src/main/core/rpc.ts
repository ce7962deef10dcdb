// Transport-agnostic dispatch of one contract call: validate the request, run the handler, validate
// the response, and turn any failure into a user-readable envelope. The Electron IPC binding and the
// browser host both go through here, so both enforce the same contract.
import { CHANNEL_NAMES, channels, events, type Channel, type ContractHandlers, type Envelope, type EventName } from '../../shared/contract'
import { firstIssueSentence } from '../../shared/zodIssue'
import { toUserError } from './userError'

export const isChannel = (name: string): name is Channel => (CHANNEL_NAMES as string[]).includes(name)

export async function dispatch(handlers: ContractHandlers, name: string, payload: unknown): Promise<Envelope<unknown>> {
  if (!isChannel(name)) return { ok: false, error: { kind: 'invalidRequest', message: `Unknown request "${name}".` } }
  const spec = channels[name]
  const request = spec.request.safeParse(payload)
  if (!request.success) return { ok: false, error: toUserError(request.error) }
  try {
    const handler = handlers[name] as (req: unknown) => Promise<unknown>
    const value = spec.response.parse(await handler(request.data))
    return { ok: true, value }
  } catch (err) {
    return { ok: false, error: toUserError(err) }
  }
}

/**
 * A core event checked against the contract before any transport sends it. Never throws: it runs inside
 * the core's emitter (the lending loop's call stack), so a bad payload is reported, not raised.
 */
export function validateEvent(event: string, payload: unknown): { ok: true; payload: unknown } | { ok: false; issue: string } {
  const schema = (events as Record<string, (typeof events)[EventName] | undefined>)[event]
  if (!schema) return { ok: false, issue: 'unknown event' }
  const parsed = schema.safeParse(payload)
  return parsed.success ? { ok: true, payload: parsed.data } : { ok: false, issue: firstIssueSentence(parsed.error, { fallback: 'invalid payload' }) }
}
