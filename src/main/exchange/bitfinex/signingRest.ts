// RESTv2 with our own authentication (docs/bitfinex.md, Hosts and authentication): the library's _makeAuthRequest uses
// a process-wide nonce and keeps the secret in a field. This subclass asks a signer for the headers of
// each request, so the secret is fetched, used and dropped inside one call, and nonces are ours.
import bfx from 'bfx-api-node-rest'
import type { RESTv2Options } from 'bfx-api-node-rest'

/** Produces the bfx-nonce / bfx-apikey / bfx-signature headers for one request. */
type RequestSigner = (path: string, body: string) => Promise<Record<string, string>>

const omitNil = (payload: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== null && v !== undefined))

export class SigningRESTv2 extends bfx.RESTv2 {
  constructor(
    opts: RESTv2Options,
    private readonly signer: RequestSigner
  ) {
    // Deliberately no apiKey/apiSecret: the base class must never hold them.
    super({ ...opts, transform: false })
  }

  override async _makeAuthRequest(path: string, payload: object = {}, cb?: null, transformer?: unknown): Promise<unknown> {
    // The body string that is signed is byte-for-byte the body that is sent.
    const body = JSON.stringify(omitNil(payload))
    const auth = await this.signer(path, body)
    return this._request(
      `${this._url}/v2${path}`,
      {
        method: 'POST',
        timeout: this._timeout,
        headers: { 'content-type': 'application/json', ...auth },
        agent: this._agent,
        body
      },
      transformer,
      cb
    )
  }
}
