// Turns one HTTP contract call into (channel, payload) or a refusal, before any handler runs: the
// channel name must decode and exist, the body must be JSON shaped { payload }, and the payload must
// pass the channel's request schema. A malformed call is refused with 400 and a sentence; it never
// reaches the core (startLending would otherwise run on a broken body because it takes no arguments).
import { z } from 'zod'
import { channels, type Channel, type Envelope } from '../../shared/contract'
import { isChannel } from '../core/rpc'
import { toUserError } from '../core/userError'

type ParsedCall =
  | { ok: true; channel: Channel; payload: unknown }
  | { ok: false; status: 400 | 404; envelope: Envelope<never> }

const bodySchema = z.strictObject({ payload: z.unknown() })

const invalid = (status: 400 | 404, message: string): ParsedCall => ({
  ok: false,
  status,
  envelope: { ok: false, error: { kind: 'invalidRequest', message } }
})

/** A path segment decoded, or null for a bad %-encoding (including overlong or invalid UTF-8). */
function decodePathSegment(raw: string): string | null {
  try {
    return decodeURIComponent(raw)
  } catch {
    return null
  }
}

export function parseCall(rawChannel: string, body: Buffer): ParsedCall {
  const channel = decodePathSegment(rawChannel)
  if (channel === null) return invalid(400, 'The request name is not valid text.')
  if (!isChannel(channel)) return invalid(404, `Unknown request "${channel}".`)
  let json: unknown
  try {
    // fatal: invalid UTF-8 is refused instead of silently replaced.
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
  } catch {
    return invalid(400, 'The request body is not valid JSON.')
  }
  const envelope = bodySchema.safeParse(json)
  if (!envelope.success) return invalid(400, 'The request body must be a JSON object with one field, "payload".')
  // The page sends null for "no argument"; the contract spells that undefined.
  const payload = envelope.data.payload ?? undefined
  const request = channels[channel].request.safeParse(payload)
  if (!request.success) return { ok: false, status: 400, envelope: { ok: false, error: toUserError(request.error) } }
  return { ok: true, channel, payload }
}
