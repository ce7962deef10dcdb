// One core event as a server-sent-events frame, checked against the contract (validateEvent never
// throws, so a bad payload cannot break the lending cycle that emitted it).
import { validateEvent } from '../core/rpc'

type EventFrame = { ok: true; frame: string } | { ok: false; issue: string }

export function eventFrame(event: string, payload: unknown): EventFrame {
  const checked = validateEvent(event, payload)
  if (!checked.ok) return checked
  try {
    return { ok: true, frame: `event: ${event}\ndata: ${JSON.stringify(checked.payload)}\n\n` }
  } catch {
    return { ok: false, issue: 'not serializable' }
  }
}
