// Turns whatever bfx-api-node-rest or node-fetch rejected with into one ExchangeError with a sentence
// a user understands (docs/bitfinex.md, Errors). Bitfinex's own error text may be quoted: it never contains our
// secret. Request URLs, headers and library messages are never copied into the sentence.
import { ExchangeError } from '../errors'

export const NONCE_MESSAGE =
  "Bitfinex rejected the request's sequence number: another program is probably using this API key. Create a dedicated key for LendPace."

export interface MappedError {
  error: ExchangeError
  /** Worth sending again after a backoff (the request certainly or probably had no effect, or is a read). */
  retryable: boolean
  /** Bitfinex told us to back off this endpoint. */
  rateLimited: boolean
}

interface RawError {
  status?: number
  code?: unknown
  response?: unknown
  type?: unknown
  name?: unknown
  message?: unknown
}

const quote = (text: string) => `"${text.replace(/\s+/g, ' ').slice(0, 200)}"`

export function mapBitfinexError(err: unknown, opts: { now: number; endpoint: string }): MappedError {
  if (err instanceof ExchangeError) return { error: err, retryable: err.retryable, rateLimited: err.kind === 'rateLimit' }
  const e = (typeof err === 'object' && err !== null ? err : {}) as RawError
  const status = typeof e.status === 'number' ? e.status : undefined
  const code = typeof e.code === 'number' ? e.code : undefined
  const text = typeof e.response === 'string' ? e.response : ''
  const fetchType = typeof e.type === 'string' ? e.type : undefined
  const mk = (kind: ExchangeError['kind'], message: string, retryable: boolean, extra: { retryAfter?: number } = {}) => ({
    error: new ExchangeError(kind, message, { code, ...extra }),
    retryable,
    rateLimited: kind === 'rateLimit'
  })

  if (fetchType === 'request-timeout' || e.name === 'AbortError')
    return mk('timeout', `Bitfinex did not answer in time (${opts.endpoint}).`, true)
  if (fetchType === 'system' || (status === undefined && fetchType !== undefined))
    return mk('network', `Could not reach Bitfinex (${opts.endpoint}): the connection failed or was cut.`, true)

  if (status === 429 || code === 11010 || /ERR_RATE_LIMIT|ratelimit/i.test(text))
    return mk('rateLimit', `Bitfinex is rate-limiting ${opts.endpoint}; LendPace pauses that call for at least a minute.`, false, {
      retryAfter: opts.now + 60_000
    })
  // Without Bitfinex's ["error", CODE, TEXT] array (code undefined) the body is not Bitfinex's own word:
  // a gateway or proxy page (HTML, plain text) can say "auth" or "nonce" and mean nothing about the key,
  // so the HTTP status decides, before any text check, and a 5xx is retried like a network fault.
  if (code === undefined) {
    if (status !== undefined && status >= 500)
      return mk('network', `Bitfinex answered with a server error (HTTP ${status}) on ${opts.endpoint}.`, true)
    if (status !== undefined) return mk('unknown', `Bitfinex answered HTTP ${status} on ${opts.endpoint}.`, false)
  }
  if (code === 10114 || /nonce/i.test(text)) return mk('nonce', NONCE_MESSAGE, false)
  if (code === 20060 || /maintenance/i.test(text))
    return mk('maintenance', 'Bitfinex is in maintenance; LendPace waits and tries again later.', false)
  if (/permission/i.test(text))
    return mk('permission', `The API key lacks a permission this call needs (${opts.endpoint}).`, false)
  if ((code !== undefined && code >= 10100 && code <= 10200) || /apikey|signature|digest|auth/i.test(text))
    return mk('auth', 'Bitfinex did not accept the API key or its signature: check that the key and secret are correct and the key is still active.', false)
  if (/balance|not enough|insufficient/i.test(text))
    return mk('insufficientBalance', `Bitfinex says the funding wallet has too little available for this offer: ${quote(text)}.`, false)
  // "Limit: too many active offers" (10001; docs/bitfinex.md §Errors): the exchange's own cap, undocumented.
  if (/too many active offers/i.test(text))
    return mk('tooManyOffers', `Bitfinex allows no more open offers on this account: ${quote(text)}.`, false)
  // "Invalid offer: incorrect amount, minimum is 150.0 dollar or equivalent in UST" (10001).
  if (/minimum is|incorrect amount/i.test(text) && (code === 10001 || code === 10020))
    return mk('belowMinimum', `Bitfinex refused the offer as below its minimum: ${quote(text)}.`, false)
  if (/offer|period|amount|rate|minimum|FRR/i.test(text) && (code === 10001 || code === 10020))
    return mk('invalidOffer', `Bitfinex refused the offer: ${quote(text)}.`, false)
  if (code === 11000 || code === 10000 || code === 10008)
    return mk('unknown', `Bitfinex was not ready to answer (${opts.endpoint}); LendPace tries again shortly.`, true)
  if (code !== undefined)
    return mk('unknown', `Bitfinex answered with error ${code}${text ? ` ${quote(text)}` : ''} (${opts.endpoint}).`, false)
  if (err instanceof SyntaxError) return mk('unknown', `Bitfinex sent an unreadable answer on ${opts.endpoint}.`, true)
  return mk('unknown', `Unexpected failure talking to Bitfinex (${opts.endpoint}).`, false)
}

/** A notification array came back with [6] = ERROR/FAILURE: map its text like an HTTP error. */
export function notificationError(text: string, code: number | null, endpoint: string, now: number): ExchangeError {
  const mapped = mapBitfinexError({ status: 500, code: code ?? 10001, response: text }, { now, endpoint })
  return mapped.error
}
