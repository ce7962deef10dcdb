// Transport-agnostic dispatch of one contract call: validate the request, run the handler, validate
// the response, and turn any failure into a user-readable envelope. The Electron IPC binding and the
// browser host both go through here, so both enforce the same contract.
import { CHANNEL_NAMES, channels, type Channel, type ContractHandlers, type Envelope } from '../../shared/contract'
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
