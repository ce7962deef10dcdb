// Bitfinex REST v2 request signing (docs/bitfinex.md, Hosts and authentication): HMAC-SHA384, lowercase hex, over
// "/api/v2" + path + nonce + body, where body is the exact JSON string sent on the wire.
import { createHmac } from 'node:crypto'

function signatureFor(apiSecret: string | Buffer, path: string, nonce: string, body: string): string {
  return createHmac('sha384', apiSecret).update(`/api/v2${path}${nonce}${body}`).digest('hex')
}

/** Headers of one signed request. Built per request so the secret lives only for the call. */
export function authHeaders(
  creds: { apiKey: string; apiSecret: string | Buffer },
  path: string,
  nonce: number,
  body: string
): Record<string, string> {
  const n = String(nonce)
  return {
    'bfx-nonce': n,
    'bfx-apikey': creds.apiKey,
    'bfx-signature': signatureFor(creds.apiSecret, path, n, body)
  }
}
