// A local Bitfinex-compatible exchange for tests: Bitfinex v2 wire format for public and authenticated
// paths on 127.0.0.1, exact signature checks, per-key nonce order, per-endpoint scopes, per-endpoint
// rate limits with bans, a maintenance switch, offer rules and fault injection. Its control surface
// is both a JS API and HTTP under /__test/ (for Playwright tests in another process).
import { createHmac, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { z } from 'zod'
import type { Candle, FundingTrade } from '../../src/shared/domain'
import * as A from './accounts'
import { GeneratedMarket, type MarketOverrides, type RangeQuery, type StatRow } from './market'
import * as W from './wire'

/**
 * Bitfinex's published per-endpoint limits (requests/minute/IP): "Our rate limit policy varies per endpoint and
 * lies in the range of 10 to 90 requests per minute" (https://docs.bitfinex.com/docs/rest-general), and each
 * reference page's "Ratelimit" line (ticker 90, tickers 30, book 240, trades 15, candles 30, stats1 15,
 * platform/status 30, every auth endpoint 90; e.g. https://docs.bitfinex.com/reference/rest-public-trades).
 * funding/stats states none: 30 assumed.
 * Written out here on purpose rather than imported from the adapter's endpoints.ts: the test exchange is
 * an independent model of Bitfinex, so a wrong limit or path rule in the adapter makes a test fail.
 */
export const DEFAULT_RATE_LIMITS = {
  ticker: 90,
  tickers: 30,
  book: 240,
  trades: 15,
  candles: 30,
  stats1: 15,
  platformStatus: 30,
  fundingStats: 30,
  auth: 90
}
export type LimitGroup = keyof typeof DEFAULT_RATE_LIMITS

const PUBLIC_LIMIT_GROUPS: Array<[RegExp, LimitGroup]> = [
  [/^\/ticker\//, 'ticker'],
  [/^\/tickers/, 'tickers'],
  [/^\/book\//, 'book'],
  [/^\/trades\//, 'trades'],
  [/^\/candles\//, 'candles'],
  [/^\/stats1\//, 'stats1'],
  [/^\/platform\/status/, 'platformStatus'],
  [/^\/funding\/stats\//, 'fundingStats']
]

export type FaultKind =
  /** Never answer (the client times out). The request is not applied. */
  | 'hang'
  /** Close the connection without an answer. Not applied. */
  | 'drop'
  /** HTTP 500 with a non-JSON body, like a failing gateway. Not applied. */
  | 'http500'
  /** Answer normally after delayMs. */
  | 'slow'
  /** Apply the request (e.g. place the offer), then close the connection without an answer. */
  | 'applyThenDrop'
  /** Apply the request, then never answer. */
  | 'applyThenHang'
  /** ["error", 11010, "ratelimit: error"]. */
  | 'ratelimit11010'
  /** ["error", 11000, "ready: invalid"]: Bitfinex not ready, try again. */
  | 'notReady'

export interface Fault {
  kind: FaultKind
  /** Substring of the request path (after /v2) the fault applies to; all paths if omitted. */
  path?: string
  /** How many matching requests it affects (default 1). */
  times?: number
  delayMs?: number
}

export interface RequestRecord {
  at: number
  method: string
  path: string
  status: number
  outcome: 'answered' | 'dropped' | 'hung'
  apiKey?: string
  nonce?: string
}

export interface KeySpec {
  apiKey: string
  apiSecret: string
  /** e.g. ["funding:rw", "wallets:r"]. */
  scopes: string[]
  /** Funding wallet balances by currency, e.g. { USD: 1000 }. */
  balances?: Record<string, number>
}

export interface TestExchangeOptions {
  port?: number
  /** The exchange's clock (share a ManualClock's now with the adapter in tests). */
  now?: () => number
  seed?: number
  keys?: KeySpec[]
  rateLimits?: Partial<Record<LimitGroup, number>>
  banMs?: number
  maxOffers?: number
  minOfferUsd?: number
  usdPrices?: Record<string, number>
  /** Scope needed by auth/calc/order/avail (UNCERTAIN on the real exchange): default "wallets:r"; null = none. */
  calcAvailScope?: string | null
  /** How auth/w/funding/auto reads `rate`: 'percent' as documented (default), or 'decimal' as one third-party client reads it. */
  autoRenewRateUnit?: 'percent' | 'decimal'
  /** false: auth/r/funding/auto/status (undocumented) does not answer. */
  autoRenewStatus?: boolean
}

export interface TestExchange {
  url: string
  close(): Promise<void>
  addKey(spec: KeySpec): void
  setBalance(apiKey: string, currency: string, amount: number): void
  /** A borrower takes (part of) an offer: returns the new credit/loan id. */
  fill(apiKey: string, offerId: number, amount?: number, kind?: 'credit' | 'loan'): number
  /** The borrower returns a loan; interest (default: accrued, after the 15 % fee) goes to the ledger and balance. */
  returnLoan(apiKey: string, loanId: number, interest?: number): A.LedgerEntry
  setMaintenance(on: boolean): void
  injectFault(fault: Fault): void
  clearFaults(): void
  setMarket(symbol: string, overrides: MarketOverrides): void
  setRateLimit(group: LimitGroup, perMinute: number): void
  /** The USD price the trading ticker shows and the 150 USD minimum is checked at. */
  setUsdPrice(currency: string, price: number): void
  account(apiKey: string): A.Account
  /** JSON-friendly view of one key's account; `ledgerFrom`: leave out the ledger's first entries (a caller
   *  that polls every step reads only what is new, not a ledger that grows all along). */
  state(apiKey: string, opts?: { ledgerFrom?: number }): AccountView
  requests(): RequestRecord[]
  clearRequests(): void
}

export interface AccountView {
  balances: Record<string, number>
  available: Record<string, number>
  offers: A.OfferState[]
  loans: A.LoanState[]
  ledger: A.LedgerEntry[]
  autoRenew: Record<string, { period: number; rate: number; amount: number }>
  lastNonce: number
}

const SYMBOLS = ['fUSD', 'fUST', 'fBTC', 'fETH']

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown
  ) {}
}
const fail = (status: number, code: number, text: string) => new HttpAnswer(status, W.errorBody(code, text))

export async function startTestExchange(opts: TestExchangeOptions = {}): Promise<TestExchange> {
  const now = opts.now ?? (() => Date.now())
  const seed = opts.seed ?? 42
  const limits: Record<LimitGroup, number> = { ...DEFAULT_RATE_LIMITS, ...opts.rateLimits }
  const banMs = opts.banMs ?? 60_000
  const accounts = new Map<string, A.Account>()
  const markets = new Map(SYMBOLS.map((s) => [s, new GeneratedMarket(seed, s)]))
  const windows = new Map<string, number[]>()
  const bans = new Map<string, number>()
  let faults: Array<Required<Pick<Fault, 'kind' | 'times'>> & Fault> = []
  let maintenance = false
  let idSeq = 5_000_000 + (seed % 1000) * 1000
  const log: RequestRecord[] = []
  const hung = new Set<http.ServerResponse>()
  const usdPrices: Record<string, number> = { USD: 1, UST: 1, BTC: 60_000, ETH: 3_000, ...opts.usdPrices }

  const rules: A.Rules = {
    minOfferUsd: opts.minOfferUsd ?? 150,
    maxOffers: opts.maxOffers ?? 100,
    usdPrice: (c) => usdPrices[c] ?? 1,
    frrDaily: (symbol) => markets.get(symbol)?.frrDailyAt(now()) ?? 0,
    now,
    nextId: () => ++idSeq
  }

  const acct = (apiKey: string) => {
    const a = accounts.get(apiKey)
    if (!a) throw new Error(`unknown test key ${apiKey}`)
    return a
  }
  const addKey = (k: KeySpec) => accounts.set(k.apiKey, A.newAccount(k.apiKey, k.apiSecret, k.scopes, k.balances))
  for (const k of opts.keys ?? []) addKey(k)

  // --- rate limits (per IP in reality; the test exchange has one client per endpoint group) ----------
  function limitKey(path: string): { key: string; group: LimitGroup } | null {
    for (const [re, group] of PUBLIC_LIMIT_GROUPS) if (re.test(path)) return { key: group, group }
    if (path.startsWith('/auth/')) return { key: path.split('/').filter((s) => !/^(f|t)?[A-Z0-9]{3,}$/.test(s)).join('/'), group: 'auth' }
    return null
  }

  /**
   * "If an IP address exceeds a certain number of requests per minute (between 10 and 90) to a specific REST API
   * endpoint e.g., /ticker, the requesting IP address will be blocked for 10-60 seconds on that endpoint and the
   * JSON response {"error": "ERR_RATE_LIMIT"} will be returned" (https://docs.bitfinex.com/v1). HTTP 429 and a
   * 60 s block are what rotki's client expects; the symbol is not part of the endpoint.
   */
  function rateLimited(path: string): boolean {
    const k = limitKey(path)
    if (!k) return false
    const t = now()
    if ((bans.get(k.key) ?? 0) > t) return true
    const recent = (windows.get(k.key) ?? []).filter((x) => x > t - 60_000)
    recent.push(t)
    windows.set(k.key, recent)
    if (recent.length > limits[k.group]) {
      bans.set(k.key, t + banMs)
      return true
    }
    return false
  }

  function takeFault(path: string): Fault | null {
    const f = faults.find((x) => x.times > 0 && (!x.path || path.includes(x.path)))
    if (!f) return null
    f.times--
    faults = faults.filter((x) => x.times > 0)
    return f
  }

  // --- public endpoints ------------------------------------------------------------------------------
  function market(symbol: string | undefined): GeneratedMarket {
    const m = symbol ? markets.get(symbol) : undefined
    if (!m) throw fail(500, 10020, 'symbol: invalid')
    return m
  }

  function rangeQuery(q: URLSearchParams, defLimit: number, maxLimit: number): RangeQuery {
    const num = (k: string) => (q.has(k) ? Number(q.get(k)) : undefined)
    const limit = num('limit') ?? defLimit
    // Maximum `limit` per endpoint from its reference page (trades and candles 10000, funding/stats 250);
    // a bad one answers ["error",10020,"limit: invalid"] (arthurk/bitfinex-ohlc-import NOTES).
    if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) throw fail(500, 10020, 'limit: invalid')
    for (const k of ['start', 'end']) if (q.has(k) && !Number.isFinite(num(k))) throw fail(500, 10020, `${k}: invalid`)
    return { start: num('start'), end: num('end'), limit, sort: num('sort') === 1 ? 1 : -1 }
  }

  function publicRoute(path: string, q: URLSearchParams): unknown {
    let m: RegExpMatchArray | null
    // "[STATUS]: 1 = operative, 0 = maintenance" (https://docs.bitfinex.com/reference/rest-public-platform-status).
    if (path === '/platform/status') return [maintenance ? 0 : 1]
    // Trading pairs t{CCY}USD: [BID, BID_SIZE, ASK, ASK_SIZE, DAILY_CHANGE, DAILY_CHANGE_RELATIVE, LAST_PRICE,
    // VOLUME, HIGH, LOW] ("Response Fields (trading pairs, ex. tBTCUSD)", https://docs.bitfinex.com/reference/rest-public-ticker),
    // at this exchange's own USD prices, the same ones its 150 USD minimum is checked at.
    if ((m = path.match(/^\/ticker\/t([A-Z]{3,4})USD$/))) {
      const price = usdPrices[m[1]]
      if (price === undefined) throw fail(500, 10020, 'symbol: invalid')
      return W.tradingTickerArray(price)
    }
    if ((m = path.match(/^\/ticker\/([^/]+)$/))) return W.tickerArray(market(m[1]).ticker(now()))
    if (path === '/tickers')
      return (q.get('symbols') ?? '').split(',').filter((s) => markets.has(s)).map((s) => [s, ...W.tickerArray(market(s).ticker(now()))])
    if ((m = path.match(/^\/book\/([^/]+)\/(P[0-4]|R0)$/))) {
      const len = Number(q.get('len') ?? 25)
      // Funding entries: P0..P4 [RATE, PERIOD, COUNT, AMOUNT], R0 [OFFER_ID, PERIOD, RATE, AMOUNT], "if AMOUNT > 0 then
      // ask else bid"; len "1", "25" or "100", default 25 (https://docs.bitfinex.com/reference/rest-public-book).
      if (![1, 25, 100].includes(len)) throw fail(500, 10020, 'len: invalid')
      const levels = market(m[1]).bookLevels(now(), len)
      if (m[2] !== 'R0') return levels.map((l) => [l.rate, l.period, l.count, l.amount])
      return levels.map((l, i) => [9_000_000 + i, l.period, l.rate, l.amount])
    }
    // [ID, MTS, AMOUNT, RATE, PERIOD], limit default 125 (https://docs.bitfinex.com/reference/rest-public-trades).
    if ((m = path.match(/^\/trades\/([^/]+)\/hist$/)))
      return market(m[1]).trades(rangeQuery(q, 125, 10_000), now()).map((t: FundingTrade) => [t.id, t.mts, t.amount, t.rate, t.period])
    // "Be sure to specify a period or aggregated period when retrieving funding candles": trade:TF:fUSD:pN or
    // trade:TF:fUSD:aAGGR:pSTART:pEND; [MTS, OPEN, CLOSE, HIGH, LOW, VOLUME] (https://docs.bitfinex.com/reference/rest-public-candles).
    if ((m = path.match(/^\/candles\/trade:(1m|1h):(f[A-Z]+)(?::a\d+:p\d+:p\d+|:p\d+)?\/(hist|last)$/))) {
      const rq = m[3] === 'last' ? { limit: 1, sort: -1 as const } : rangeQuery(q, 100, 10_000)
      const rows = market(m[2])
        .candles(rq, now(), m[1] as '1m' | '1h')
        .map((c: Candle) => [c.mts, c.open, c.close, c.high, c.low, c.volume])
      return m[3] === 'last' ? (rows[0] ?? []) : rows
    }
    if ((m = path.match(/^\/candles\//))) throw fail(500, 10020, 'key: invalid')
    // [3] FRR is "1/365th of Flash Return Rate"; limit max 250 (https://docs.bitfinex.com/reference/rest-public-funding-stats).
    if ((m = path.match(/^\/funding\/stats\/([^/]+)\/(hist|last)$/))) {
      const rq = m[2] === 'last' ? { limit: 1, sort: -1 as const } : rangeQuery(q, 100, 250)
      const rows = market(m[1])
        .stats(rq, now())
        .map((s: StatRow) => [s.mts, null, null, s.frr, s.avgPeriod, null, null, s.fundingAmount, s.fundingAmountUsed, null, null, s.fundingBelowThreshold])
      return m[2] === 'last' ? (rows[0] ?? []) : rows
    }
    throw fail(404, 10020, 'endpoint: invalid')
  }

  // --- authenticated endpoints -----------------------------------------------------------------------
  type AuthRoute = { re: RegExp; scope: string | null; run: (a: A.Account, body: Record<string, unknown>, m: RegExpMatchArray) => unknown }
  const offersOf = (a: A.Account, symbol?: string) =>
    [...a.offers.values()].filter((o) => !symbol || o.symbol === symbol).map((o) => W.offerArray(o, rules.frrDaily(o.symbol)))
  const authRoutes: AuthRoute[] = [
    {
      // [[SCOPE, READ, WRITE], ...] over every scope, granted or not (https://docs.bitfinex.com/reference/key-permissions).
      re: /^\/auth\/r\/permissions$/,
      scope: null,
      run: (a) => {
        const names = [...new Set([...A.KNOWN_SCOPES, ...a.scopes.keys()])]
        return names.map((s) => [s, a.scopes.get(s)?.read ? 1 : 0, a.scopes.get(s)?.write ? 1 : 0])
      }
    },
    {
      // [TYPE, CURRENCY, BALANCE, UNSETTLED_INTEREST, AVAILABLE_BALANCE, LAST_CHANGE, LAST_CHANGE_METADATA]
      // (https://docs.bitfinex.com/reference/rest-auth-wallets). Scope: the key UI's Wallets "Get wallet balances and
      // addresses" (the reference pages name no scope; docs/bitfinex.md, UNCERTAIN).
      re: /^\/auth\/r\/wallets$/,
      scope: 'wallets:r',
      run: (a) => [
        ['exchange', 'USD', 0, 0, 0, null, null],
        ...[...a.balances].map(([c, b]) => ['funding', c, b, 0, A.available(a, c), null, null])
      ]
    },
    {
      re: /^\/auth\/calc\/order\/avail$/,
      scope: opts.calcAvailScope === undefined ? 'wallets:r' : opts.calcAvailScope,
      run: (a, body) => {
        if (body.type !== 'FUNDING' || typeof body.symbol !== 'string' || !markets.has(body.symbol)) throw fail(500, 10020, 'symbol: invalid')
        // "Calculate the balance available for orders/offers" -> [AMOUNT_AVAIL] (https://docs.bitfinex.com/reference/rest-auth-calc-order-avail).
        // The docs give no sign; for FUNDING the real exchange answers it NEGATIVE, which public clients undo with
        // Math.abs (raycast/extensions, extensions/bitfinex), so this exchange answers negative too.
        return [-A.available(a, body.symbol.slice(1))]
      }
    },
    // "A path param can be used to retrieve offers in a particular currency. All offers are returned if no currency is
    // specified" (https://docs.bitfinex.com/reference/rest-auth-funding-offers); borrow bids included (negative AMOUNT).
    { re: /^\/auth\/r\/funding\/offers(?:\/(f[A-Z]+))?$/, scope: 'funding:r', run: (a, _b, m) => offersOf(a, m[1]) },
    {
      // Credits "Funds used in active positions", loans "Funds not used in active positions"
      // (https://docs.bitfinex.com/reference/rest-auth-funding-credits, rest-auth-funding-loans).
      re: /^\/auth\/r\/funding\/(credits|loans)\/(f[A-Z]+)$/,
      scope: 'funding:r',
      run: (a, _b, m) =>
        [...a.loans.values()].filter((l) => l.symbol === m[2] && l.kind === (m[1] === 'credits' ? 'credit' : 'loan')).map(W.loanArray)
    },
    {
      re: /^\/auth\/r\/funding\/trades(?:\/(f[A-Z]+))?\/hist$/,
      scope: 'funding:r',
      run: (a, body, m) => inRange(a.trades.filter((t) => !m[1] || t.symbol === m[1]), body, 25).map(W.ownTradeArray)
    },
    {
      // [ID, CURRENCY, WALLET, MTS, null, AMOUNT, BALANCE, null, DESCRIPTION]; category 28 = interest payments
      // (https://docs.bitfinex.com/reference/rest-auth-ledgers). Scope: Account History (rotki asks for it; UNCERTAIN).
      re: /^\/auth\/r\/ledgers(?:\/([A-Z]+))?\/hist$/,
      scope: 'history:r',
      run: (a, body, m) =>
        inRange(
          a.ledger.filter((e) => (!m[1] || e.currency === m[1]) && (body.category === undefined || e.category === Number(body.category))),
          body,
          25
        ).map(W.ledgerArray)
    },
    {
      // The answer is a notification whose [4] is "An array containing only the new offer"; STATUS "SUCCESS, ERROR,
      // FAILURE, ..." (https://docs.bitfinex.com/reference/rest-auth-submit-funding-offer). Rules: accounts.submitOffer.
      re: /^\/auth\/w\/funding\/offer\/submit$/,
      scope: 'funding:w',
      run: (a, body) => {
        const r = A.submitOffer(a, body, rules)
        if ('code' in r) {
          if (r.notify) return W.notificationArray(now(), 'fon-req', null, 'ERROR', r.text)
          throw fail(500, r.code, r.text)
        }
        return W.notificationArray(now(), 'fon-req', W.offerArray(r, rules.frrDaily(r.symbol)), 'SUCCESS', `Submitting funding offer of ${r.amount} ${r.symbol} at ${r.rate} for ${r.period} days.`)
      }
    },
    {
      // {id}; the notification's [4] is the offer (https://docs.bitfinex.com/reference/rest-auth-cancel-funding-offer).
      re: /^\/auth\/w\/funding\/offer\/cancel$/,
      scope: 'funding:w',
      run: (a, body) => {
        const r = A.cancelOffer(a, Number(body.id), now())
        if ('code' in r) throw fail(500, r.code, r.text)
        return W.notificationArray(now(), 'foc-req', W.offerArray(r, rules.frrDaily(r.symbol)), 'SUCCESS', `Submitted for cancellation; waiting for confirmation (ID: ${r.id}).`)
      }
    },
    {
      // {currency: 'USD'} (bare currency); "If the currency param is omitted, all open offers will be cancelled"
      // (https://docs.bitfinex.com/reference/rest-auth-cancel-all-funding-offers). Borrow bids go too.
      re: /^\/auth\/w\/funding\/offer\/cancel\/all$/,
      scope: 'funding:w',
      run: (a, body) => {
        const currency = typeof body.currency === 'string' ? body.currency : undefined
        const n = A.cancelAll(a, currency)
        return W.notificationArray(now(), 'foc_all-req', null, 'SUCCESS', `Submitted for cancellation; ${n} offers.`)
      }
    },
    {
      // "rate: Percentage rate at which to auto-renew. (rate == 0 to renew at FRR)"; the answer's [4] is
      // [CURRENCY, PERIOD, RATE, THRESHOLD] with RATE "percentage expressed as decimal number i.e. 1% = 0.01";
      // "amount ... Defaults to the amount currently provided if omitted", "period ... Defaults to 2 if omitted".
      // https://docs.bitfinex.com/reference/rest-auth-funding-auto-renew
      // `autoRenewRateUnit: 'decimal'` instead plays an exchange that reads the request field as a decimal, as one
      // third-party client does, so the adapter's self-check can be tested.
      re: /^\/auth\/w\/funding\/auto$/,
      scope: 'funding:w',
      run: (a, body) => {
        const currency = String(body.currency ?? '')
        if (!markets.has(`f${currency}`)) throw fail(500, 10020, 'currency: invalid')
        if (Number(body.status) === 1) {
          const given = Number(body.rate ?? 0)
          if (!Number.isFinite(given) || given < 0) throw fail(500, 10020, 'rate: invalid')
          const daily = opts.autoRenewRateUnit === 'decimal' ? given : given / 100
          const cfg = { period: Number(body.period ?? 2), rate: daily, amount: Number(body.amount ?? 0) }
          a.autoRenew.set(currency, cfg)
          return W.notificationArray(now(), 'fa-req', [currency, cfg.period, cfg.rate, cfg.amount], 'SUCCESS', 'Auto-renew enabled.')
        }
        a.autoRenew.delete(currency)
        return W.notificationArray(now(), 'fa-req', [currency, 0, 0, 0], 'SUCCESS', 'Auto-renew disabled.')
      }
    },
    {
      // Undocumented; JKorf/Bitfinex.Net models its answer as [SYMBOL, PERIOD, RATE, THRESHOLD]. Body {currency}
      // is this exchange's guess; `autoRenewStatus: false` plays an exchange where the endpoint does not answer.
      re: /^\/auth\/r\/funding\/auto\/status$/,
      scope: 'funding:r',
      run: (a, body) => {
        if (opts.autoRenewStatus === false) throw fail(404, 10020, 'endpoint: invalid')
        const cfg = a.autoRenew.get(String(body.currency ?? ''))
        return cfg ? [String(body.currency), cfg.period, cfg.rate, cfg.amount] : null
      }
    }
  ]

  function inRange<T extends { mts: number }>(rows: T[], body: Record<string, unknown>, defLimit: number): T[] {
    const start = body.start === undefined ? -Infinity : Number(body.start)
    const end = body.end === undefined ? Infinity : Number(body.end)
    const limit = body.limit === undefined ? defLimit : Number(body.limit)
    return rows.filter((r) => r.mts >= start && r.mts <= end).sort((x, y) => y.mts - x.mts).slice(0, limit)
  }

  function authRoute(req: http.IncomingMessage, path: string, rawBody: string, rec: RequestRecord): unknown {
    const apiKey = String(req.headers['bfx-apikey'] ?? '')
    const nonce = String(req.headers['bfx-nonce'] ?? '')
    const signature = String(req.headers['bfx-signature'] ?? '')
    rec.apiKey = apiKey
    rec.nonce = nonce
    const a = accounts.get(apiKey)
    if (!a) throw fail(500, 10100, 'apikey: invalid')
    // signature = HMAC-SHA384(`/api/${apiPath}${nonce}${JSON.stringify(body)}`, secret) as hex, in bfx-signature
    // (https://docs.bitfinex.com/docs/rest-auth); a wrong one: 10100 "apikey: digest invalid" (crate `bfx`).
    const expected = createHmac('sha384', a.apiSecret).update(`/api${req.url}${nonce}${rawBody}`).digest()
    const given = Buffer.from(signature, 'hex')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw fail(500, 10100, 'apikey: digest invalid')
    // "If multiple requests arrive at the API with the wrong nonce ... the API will reject the request"
    // (https://docs.bitfinex.com/docs/api-access); "should not exceed the MAX_SAFE_INTEGER" (ws-auth); the answer,
    // HTTP 500 ["error",10114,"nonce: small"], is what rotki's tests and the crate `bfx` record.
    if (!/^\d{1,16}$/.test(nonce) || !(Number(nonce) > a.lastNonce)) throw fail(500, 10114, 'nonce: small')
    a.lastNonce = Number(nonce)
    const route = authRoutes.map((r) => ({ r, m: path.match(r.re) })).find((x) => x.m)
    if (!route || !route.m) throw fail(404, 10020, 'endpoint: invalid')
    if (route.r.scope) {
      const [scope, access] = route.r.scope.split(':')
      const granted = a.scopes.get(scope)
      if (!granted || (access.includes('r') && !granted.read) || (access.includes('w') && !granted.write))
        // The reference pages name no scope per endpoint: the key UI's descriptions decide (docs/bitfinex.md); the
        // refusal text is ccxt's and bitfinexcom/bitfinex-api-node#585's "10001 permission invalid".
        throw fail(500, 10001, 'apikey: permission invalid')
    }
    let body: Record<string, unknown>
    try {
      const parsed = rawBody ? JSON.parse(rawBody) : {}
      body = typeof parsed === 'object' && parsed !== null ? parsed : {}
    } catch {
      throw fail(500, 10020, 'body: invalid')
    }
    return route.r.run(a, body, route.m)
  }

  // --- HTTP ------------------------------------------------------------------------------------------
  const send = (res: http.ServerResponse, status: number, body: unknown, contentType = 'application/json') => {
    res.writeHead(status, { 'content-type': contentType })
    res.end(typeof body === 'string' && contentType !== 'application/json' ? body : JSON.stringify(body))
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname.startsWith('/__test/')) return control(req, res, url, rawBody)
    const rec: RequestRecord = { at: now(), method: req.method ?? '', path: url.pathname + url.search, status: 0, outcome: 'answered' }
    log.push(rec)
    const answer = (status: number, body: unknown, contentType?: string) => {
      rec.status = status
      send(res, status, body, contentType)
    }
    if (!url.pathname.startsWith('/v2/')) return answer(404, W.errorBody(10020, 'endpoint: invalid'))
    const path = url.pathname.slice(3)

    if (rateLimited(path)) return answer(429, { error: 'ERR_RATE_LIMIT' })
    const fault = takeFault(path)
    if (fault?.kind === 'hang') {
      rec.outcome = 'hung'
      hung.add(res)
      return
    }
    if (fault?.kind === 'drop') {
      rec.outcome = 'dropped'
      req.socket.destroy()
      return
    }
    if (fault?.kind === 'http500') return answer(500, 'Internal Server Error', 'text/plain')
    if (fault?.kind === 'ratelimit11010') return answer(500, W.errorBody(11010, 'ratelimit: error'))
    if (fault?.kind === 'notReady') return answer(500, W.errorBody(11000, 'ready: invalid'))
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 500))
    // "When the platform is marked in maintenance mode, bots should stop all trading activity" (rest-public-platform-status);
    // other endpoints then answer ["error", 20060, "maintenance"] (arthurk/bitfinex-ohlc-import NOTES; ccxt maps 20060 OnMaintenance).
    if (maintenance && path !== '/platform/status') return answer(500, W.errorBody(20060, 'maintenance'))

    let result: HttpAnswer
    try {
      if (path.startsWith('/auth/')) {
        if (req.method !== 'POST') throw fail(404, 10020, 'endpoint: invalid')
        result = new HttpAnswer(200, authRoute(req, path, rawBody, rec))
      } else {
        if (req.method !== 'GET') throw fail(404, 10020, 'endpoint: invalid')
        result = new HttpAnswer(200, publicRoute(path, url.searchParams))
      }
    } catch (e) {
      if (!(e instanceof HttpAnswer)) throw e
      result = e
    }
    if (fault?.kind === 'applyThenDrop') {
      rec.outcome = 'dropped'
      req.socket.destroy()
      return
    }
    if (fault?.kind === 'applyThenHang') {
      rec.outcome = 'hung'
      hung.add(res)
      return
    }
    answer(result.status, result.body)
  }

  // --- control API (JS + HTTP) -------------------------------------------------------------------------
  const api: Omit<TestExchange, 'url' | 'close'> = {
    addKey,
    setBalance: (apiKey, currency, amount) => void acct(apiKey).balances.set(currency, amount),
    fill: (apiKey, offerId, amount, kind) => A.fillOffer(acct(apiKey), offerId, rules, amount, kind).id,
    returnLoan: (apiKey, loanId, interest) => A.returnLoan(acct(apiKey), loanId, rules, interest),
    setMaintenance: (on) => {
      maintenance = on
    },
    injectFault: (f) => {
      faults.push({ ...f, times: f.times ?? 1 })
    },
    clearFaults: () => {
      faults = []
    },
    setMarket: (symbol, o) => Object.assign(market(symbol).overrides, o),
    setRateLimit: (group, perMinute) => {
      limits[group] = perMinute
    },
    setUsdPrice: (currency, price) => {
      usdPrices[currency] = price
    },
    account: acct,
    state: (apiKey, opts) => {
      const a = acct(apiKey)
      return {
        balances: Object.fromEntries(a.balances),
        available: Object.fromEntries([...a.balances.keys()].map((c) => [c, A.available(a, c)])),
        offers: [...a.offers.values()].map((o) => ({ ...o })),
        loans: [...a.loans.values()].map((l) => ({ ...l })),
        ledger: a.ledger.slice(opts?.ledgerFrom ?? 0).map((e) => ({ ...e })),
        autoRenew: Object.fromEntries(a.autoRenew),
        lastNonce: a.lastNonce
      }
    },
    requests: () => log.map((r) => ({ ...r })),
    clearRequests: () => void log.splice(0)
  }

  const controlSchemas = {
    keys: z.object({ apiKey: z.string().min(1), apiSecret: z.string().min(1), scopes: z.array(z.string()), balances: z.record(z.string(), z.number()).optional() }),
    balance: z.object({ apiKey: z.string(), currency: z.string(), amount: z.number() }),
    fill: z.object({ apiKey: z.string(), offerId: z.number(), amount: z.number().positive().optional(), kind: z.enum(['credit', 'loan']).optional() }),
    return: z.object({ apiKey: z.string(), loanId: z.number(), interest: z.number().optional() }),
    maintenance: z.object({ on: z.boolean() }),
    fault: z.object({
      kind: z.enum(['hang', 'drop', 'http500', 'slow', 'applyThenDrop', 'applyThenHang', 'ratelimit11010', 'notReady']),
      path: z.string().optional(),
      times: z.number().int().positive().optional(),
      delayMs: z.number().nonnegative().optional()
    }),
    ratelimit: z.object({ group: z.enum(Object.keys(DEFAULT_RATE_LIMITS) as [LimitGroup, ...LimitGroup[]]), perMinute: z.number().int().positive() }),
    market: z.object({ symbol: z.string() }).passthrough()
  }

  function control(req: http.IncomingMessage, res: http.ServerResponse, url: URL, rawBody: string): void {
    const name = url.pathname.slice('/__test/'.length)
    try {
      const body = rawBody ? JSON.parse(rawBody) : {}
      if (req.method === 'GET' && name === 'state')
        return send(res, 200, api.state(url.searchParams.get('apiKey') ?? '', { ledgerFrom: Number(url.searchParams.get('ledgerFrom') ?? 0) }))
      if (req.method === 'GET' && name === 'requests') return send(res, 200, api.requests())
      if (req.method !== 'POST') return send(res, 404, { error: 'unknown control' })
      switch (name) {
        case 'keys':
          api.addKey(controlSchemas.keys.parse(body))
          return send(res, 200, { ok: true })
        case 'balance': {
          const b = controlSchemas.balance.parse(body)
          api.setBalance(b.apiKey, b.currency, b.amount)
          return send(res, 200, { ok: true })
        }
        case 'fill': {
          const b = controlSchemas.fill.parse(body)
          return send(res, 200, { loanId: api.fill(b.apiKey, b.offerId, b.amount, b.kind) })
        }
        case 'return': {
          const b = controlSchemas.return.parse(body)
          return send(res, 200, api.returnLoan(b.apiKey, b.loanId, b.interest))
        }
        case 'maintenance':
          api.setMaintenance(controlSchemas.maintenance.parse(body).on)
          return send(res, 200, { ok: true })
        case 'fault':
          api.injectFault(controlSchemas.fault.parse(body))
          return send(res, 200, { ok: true })
        case 'faults/clear':
          api.clearFaults()
          return send(res, 200, { ok: true })
        case 'ratelimit': {
          const b = controlSchemas.ratelimit.parse(body)
          api.setRateLimit(b.group, b.perMinute)
          return send(res, 200, { ok: true })
        }
        case 'market': {
          const { symbol, ...rest } = controlSchemas.market.parse(body)
          api.setMarket(symbol, rest as MarketOverrides)
          return send(res, 200, { ok: true })
        }
        case 'requests/clear':
          api.clearRequests()
          return send(res, 200, { ok: true })
      }
      return send(res, 404, { error: 'unknown control' })
    } catch (e) {
      return send(res, 400, { error: e instanceof Error ? e.message : String(e) })
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((e) => {
        if (!res.headersSent) send(res, 500, W.errorBody(10000, `test exchange bug: ${e instanceof Error ? e.message : e}`))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    ...api,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hung) r.destroy()
        hung.clear()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
