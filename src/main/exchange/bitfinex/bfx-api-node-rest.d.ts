// Our own typings for bfx-api-node-rest 7 (the package ships none). Only what the adapter uses; with
// transform:false every method resolves with Bitfinex's raw JSON, so results are `unknown` and are
// parsed with zod by the caller. The module is CommonJS: import it as a default export.
declare module 'bfx-api-node-rest' {
  export interface RESTv2Options {
    apiKey?: string
    apiSecret?: string
    authToken?: string
    /** Base URL without /v2, e.g. https://api.bitfinex.com */
    url?: string
    transform?: boolean
    agent?: unknown
    /** Integer milliseconds, passed to node-fetch. */
    timeout?: number
    affCode?: string
    company?: string
  }

  /** node-fetch request options as RESTv2 builds them. */
  export interface RESTv2RequestOptions {
    method: 'GET' | 'POST'
    timeout: number
    headers?: Record<string, string>
    agent?: unknown
    body?: string
  }

  /** What RESTv2 rejects with: an HTTP error (status/code/response) or a node-fetch FetchError (type/code). */
  export interface RESTv2Error extends Error {
    status?: number
    statustext?: string
    /** Bitfinex error code from ["error", code, text]. */
    code?: number | string
    /** Bitfinex error text, or the raw body when it was not the array form. */
    response?: string
    /** node-fetch: 'request-timeout' | 'system' | 'invalid-json' | ... */
    type?: string
  }

  type Cb = ((err: unknown, res?: unknown) => void) | null

  export class RESTv2 {
    constructor(opts?: RESTv2Options)
    protected _url: string
    protected _timeout: number
    protected _agent: unknown
    getURL(): string
    _request(url: string, reqOpts: RESTv2RequestOptions, transformer?: unknown, cb?: Cb): Promise<unknown>
    _makePublicRequest(path: string, cb?: Cb, transformer?: unknown): Promise<unknown>
    _makePublicPostRequest(path: string, payload: object, cb?: Cb, transformer?: unknown): Promise<unknown>
    _makeAuthRequest(path: string, payload?: object, cb?: Cb, transformer?: unknown): Promise<unknown>

    ticker(params: { symbol: string }, cb?: Cb): Promise<unknown>
    orderBook(params: { symbol: string; prec: string }, cb?: Cb): Promise<unknown>
    trades(params: { symbol: string; start?: number; end?: number; limit?: number; sort?: number }, cb?: Cb): Promise<unknown>
    candles(
      params: {
        timeframe: string
        symbol: string
        section: 'hist' | 'last'
        query?: Record<string, string | number>
      },
      cb?: Cb
    ): Promise<unknown>
    status(params?: object, cb?: Cb): Promise<unknown>
    wallets(params?: object, cb?: Cb): Promise<unknown>
    keyPermissions(params?: object, cb?: Cb): Promise<unknown>
    fundingOffers(params: { symbol: string }, cb?: Cb): Promise<unknown>
    fundingCredits(params: { symbol: string }, cb?: Cb): Promise<unknown>
    fundingLoans(params: { symbol: string }, cb?: Cb): Promise<unknown>
    fundingTrades(params: { symbol?: string; start?: number; end?: number; limit?: number }, cb?: Cb): Promise<unknown>
    calcAvailableBalance(params: { symbol: string; type: string; dir?: number; rate?: string }, cb?: Cb): Promise<unknown>
  }

  const bfx: { RESTv2: typeof RESTv2 }
  export default bfx
}
