// The one way page code reaches the app: Electron's preload (window.lendpace) when present, otherwise
// the local browser host over HTTP with the token it handed us in the URL.
import type { LendpaceApi } from '../../shared/contract'
import { BridgeError } from './bridgeError'
import { createHttpApi } from './httpApi'
import { takeHostToken } from './token'
import { createValidatedApi } from './validatedApi'

export { BridgeError, userMessage } from './bridgeError'

let cached: LendpaceApi | null = null

export function getApi(): LendpaceApi {
  if (cached) return cached
  const preload = (globalThis as { lendpace?: LendpaceApi }).lendpace
  if (preload) {
    // The preload already speaks the contract; checking again here keeps pages safe from any drift.
    cached = createValidatedApi({
      call: (channel, payload) => (preload[channel] as (p?: unknown) => Promise<unknown>)(payload),
      subscribe: (event, listener) => preload.on(event, listener as never)
    })
    return cached
  }
  const token = takeHostToken()
  if (!token)
    throw new BridgeError(
      'This page has no access token. Open LendPace from the link the app printed when it started.',
      'auth'
    )
  cached = createHttpApi({ baseUrl: window.location.origin, token })
  return cached
}
