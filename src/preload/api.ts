// Builds window.lendpace from a transport: exactly the contract's channels as named functions plus
// `on`. Kept free of Electron so it can be tested under Node; index.ts supplies ipcRenderer.
import {
  CHANNEL_NAMES,
  EVENT_NAMES,
  ipcChannelName,
  type EventName,
  type LendpaceApi
} from '../shared/contract'

export interface PreloadTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>
  /** Subscribe to one channel; the listener gets only the payload. Returns the unsubscribe function. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void
}

/** Unwrap main's envelope: the value, or an Error carrying main's sentence (never a stack from main). */
export function unwrapEnvelope(reply: unknown): unknown {
  if (typeof reply === 'object' && reply !== null && 'ok' in reply) {
    const r = reply as { ok: unknown; value?: unknown; error?: { message?: unknown } }
    if (r.ok === true) return r.value
    if (r.ok === false && typeof r.error?.message === 'string') throw new Error(r.error.message)
  }
  throw new Error('The app sent an answer this window does not understand.')
}

export function createLendpaceApi(transport: PreloadTransport): LendpaceApi {
  const api: Record<string, unknown> = {}
  for (const channel of CHANNEL_NAMES) {
    const name = ipcChannelName(channel)
    api[channel] = async (payload?: unknown) => unwrapEnvelope(await transport.invoke(name, payload))
  }
  api.on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    if (!(EVENT_NAMES as string[]).includes(event)) throw new Error(`Unknown event "${String(event)}".`)
    if (typeof listener !== 'function') throw new Error('on() needs a listener function.')
    return transport.subscribe(ipcChannelName(event), (payload) => listener(payload))
  }
  return Object.freeze(api) as unknown as LendpaceApi
}
