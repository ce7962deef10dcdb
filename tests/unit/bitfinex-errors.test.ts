// The error taxonomy: every shape Bitfinex or the network produces maps to one kind and one sentence.
import { describe, expect, it } from 'vitest'
import { NONCE_MESSAGE, mapBitfinexError } from '../../src/main/exchange/bitfinex/errorMapping'

const at = { now: 1_000_000, endpoint: 'test' }
const http = (status: number, code: number | undefined, response: string) => ({ status, code, response, message: `HTTP code ${status}` })

describe('mapBitfinexError', () => {
  const cases: Array<[string, unknown, string, boolean]> = [
    ['nonce small', http(500, 10114, 'nonce: small'), 'nonce', false],
    ['ip rate limit (429 object body)', http(429, undefined, '{"error":"ERR_RATE_LIMIT"}'), 'rateLimit', false],
    ['endpoint rate limit 11010', http(500, 11010, 'ratelimit: error'), 'rateLimit', false],
    ['maintenance', http(500, 20060, 'maintenance'), 'maintenance', false],
    ['bad key', http(500, 10100, 'apikey: invalid'), 'auth', false],
    ['bad signature', http(500, 10100, 'apikey: digest invalid'), 'auth', false],
    ['missing scope', http(500, 10001, 'apikey: permission invalid'), 'permission', false],
    ['below minimum', http(500, 10001, 'Invalid offer: incorrect amount, minimum is 150.0 dollar or equivalent in UST'), 'belowMinimum', false],
    ['too many offers', http(500, 10001, 'Limit: too many active offers'), 'tooManyOffers', false],
    ['FRR offset', http(500, 10001, 'FRR offset larger than 30% of FRR, aborting.'), 'invalidOffer', false],
    ['balance', http(500, 10001, 'Invalid offer: not enough balance'), 'insufficientBalance', false],
    ['not ready', http(500, 11000, 'ready: invalid'), 'unknown', true],
    ['gateway 502', http(502, undefined, '<html>bad gateway</html>'), 'network', true],
    ['plain 500', http(500, undefined, 'Internal Server Error'), 'network', true],
    // A gateway page is not Bitfinex's word about the key: its status decides, whatever words it holds.
    ['gateway 502 page mentioning nonce', http(502, undefined, '<html>nonce: small? upstream auth proxy error</html>'), 'network', true],
    ['gateway 503 page mentioning permission', http(503, undefined, '<p>permission denied by upstream apikey filter</p>'), 'network', true],
    ['plain 500 mentioning the signature', http(500, undefined, 'signature service unavailable'), 'network', true],
    ['403 page mentioning auth', http(403, undefined, '<html>Access denied: auth required</html>'), 'unknown', false],
    ['timeout', { name: 'FetchError', type: 'request-timeout', message: 'network timeout at: http://x' }, 'timeout', true],
    ['reset', { name: 'FetchError', type: 'system', code: 'ECONNRESET', message: 'socket hang up' }, 'network', true],
    ['refused', { name: 'FetchError', type: 'system', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 'network', true],
    ['unknown code', http(500, 10020, 'limit: invalid'), 'unknown', false]
  ]
  it.each(cases)('%s', (_name, raw, kind, retryable) => {
    const m = mapBitfinexError(raw, at)
    expect(m.error.kind).toBe(kind)
    expect(m.retryable).toBe(retryable)
    expect(m.error.message.length).toBeGreaterThan(20)
  })

  it('gives the dedicated-key advice on nonce errors', () => {
    expect(mapBitfinexError(http(500, 10114, 'nonce: small'), at).error.message).toBe(NONCE_MESSAGE)
  })

  it('sets retryAfter at least a minute ahead on rate limits', () => {
    expect(mapBitfinexError(http(429, undefined, 'ERR_RATE_LIMIT'), at).error.retryAfter).toBeGreaterThanOrEqual(at.now + 60_000)
  })

  it('never copies the library message or URL (which could carry request details) into the sentence', () => {
    const m = mapBitfinexError({ name: 'FetchError', type: 'system', message: 'request to http://h/v2/auth?sig=abc failed' }, at)
    expect(m.error.message).not.toContain('sig=abc')
  })
})
