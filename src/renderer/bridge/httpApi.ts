// The browser host transport: POST /api/call/<channel> with the token header for calls, one shared
// EventSource (/api/events?token=) for events. Replies are envelopes; errors travel as sentences.
import { z } from 'zod'
import { EVENT_NAMES, envelopeErrorSchema, type EventName, type LendpaceApi } from '../../shared/contract'
import { BridgeError } from './bridgeError'
import { createValidatedApi, UNREADABLE_REPLY, type RawTransport } from './validatedApi'

const envelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: envelopeErrorSchema })
])

/** EventSource.CLOSED, spelled out so this module also loads where EventSource does not exist (tests). */
const CLOSED = 2

export interface HttpApiOptions {
  /** Origin of the host, e.g. http://127.0.0.1:43123 */
  baseUrl: string
  token: string
  fetchImpl?: typeof fetch
  eventSourceFactory?: (url: string) => EventSource
}

function createHttpTransport(options: HttpApiOptions): RawTransport {
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init))
  const openEvents = options.eventSourceFactory ?? ((url: string) => new EventSource(url))
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  let source: EventSource | null = null

  function ensureEventSource(): void {
    // A stream the browser gave up on (the host answered with an error while restarting) is opened
    // anew; one that is only reconnecting by itself is left to do so.
    if (source && source.readyState !== CLOSED) return
    source = openEvents(`${options.baseUrl}/api/events?token=${encodeURIComponent(options.token)}`)
    for (const name of EVENT_NAMES)
      source.addEventListener(name, (message) => {
        let data: unknown
        try {
          data = JSON.parse((message as MessageEvent<string>).data)
        } catch {
          return
        }
        for (const listener of listeners.get(name) ?? []) listener(data)
      })
  }

  return {
    async call(channel, payload) {
      let response: Response
      try {
        response = await fetchImpl(`${options.baseUrl}/api/call/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-lendpace-token': options.token },
          body: JSON.stringify({ payload: payload ?? null })
        })
      } catch {
        throw new BridgeError('The LendPace background service cannot be reached. Is the app still running?', 'serviceUnreachable')
      }
      let body: unknown
      try {
        body = await response.json()
      } catch {
        throw new BridgeError(
          response.status === 401 || response.status === 403
            ? 'This page is not authorised. Open LendPace from the link the app printed when it started.'
            : `The LendPace background service answered with HTTP ${response.status} and no readable reply.`,
          'protocol'
        )
      }
      const envelope = envelopeSchema.safeParse(body)
      if (!envelope.success) throw new BridgeError(UNREADABLE_REPLY, 'protocol')
      if (!envelope.data.ok) throw new BridgeError(envelope.data.error.message, envelope.data.error.kind)
      return envelope.data.value
    },
    subscribe(event, listener) {
      ensureEventSource()
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      return () => {
        set.delete(listener)
      }
    }
  }
}

export const createHttpApi = (options: HttpApiOptions): LendpaceApi => createValidatedApi(createHttpTransport(options))
