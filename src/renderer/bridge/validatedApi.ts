// Turns a raw transport (Electron preload or the browser host) into a LendpaceApi that checks every
// request before it leaves and every reply and event before a page sees it, with the contract's
// schemas. Whatever the transport, pages get typed data or a BridgeError carrying a sentence.
import {
  CHANNEL_NAMES,
  EVENT_NAMES,
  channels,
  events,
  type Channel,
  type EventName,
  type EventOf,
  type LendpaceApi
} from '../../shared/contract'
import { firstIssue } from '../../shared/zodIssue'
import { BridgeError } from './bridgeError'

export interface RawTransport {
  /** Send a validated request; resolve with the unwrapped value or reject with a sentence. */
  call(channel: Channel, payload: unknown): Promise<unknown>
  /** Deliver raw event payloads; returns the unsubscribe function. */
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void
}

export const UNREADABLE_REPLY = 'The LendPace background service sent a reply this page does not understand.'

export function createValidatedApi(transport: RawTransport): LendpaceApi {
  async function call(channel: Channel, payload: unknown): Promise<unknown> {
    const spec = channels[channel]
    const request = spec.request.safeParse(payload)
    // The schema's own sentence alone: the field's name in the code means nothing to the person at the form.
    if (!request.success) throw new BridgeError(firstIssue(request.error)?.message ?? 'That request is not valid.', 'invalidRequest')
    let raw: unknown
    try {
      raw = await transport.call(channel, request.data)
    } catch (error) {
      if (error instanceof BridgeError) throw error
      // Preload errors carry main's sentence as their message; keep it, drop everything else.
      throw new BridgeError(error instanceof Error && error.message ? error.message : 'The request failed.', 'remote')
    }
    const value = spec.response.safeParse(raw)
    if (!value.success) throw new BridgeError(UNREADABLE_REPLY, 'protocol')
    return value.data
  }

  const api = Object.fromEntries(CHANNEL_NAMES.map((channel) => [channel, (payload?: unknown) => call(channel, payload)]))

  function on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
    if (!EVENT_NAMES.includes(event)) throw new BridgeError(`Unknown event "${String(event)}".`, 'invalidRequest')
    return transport.subscribe(event, (payload) => {
      // An event that does not match the contract is dropped rather than shown half-understood.
      const parsed = events[event].safeParse(payload)
      if (parsed.success) listener(parsed.data as EventOf<E>)
    })
  }

  return { ...api, on } as unknown as LendpaceApi
}
