// The Bitfinex adapter of the FundingExchange port: REST v2 over bfx-api-node-rest (transform off,
// our own parsing), public calls to api-pub, signed calls to api, through BitfinexTransport (rate
// budget, serialized nonces, error mapping, bounded retries).
import { z } from 'zod'
import {
  MAX_PERIOD_DAYS,
  MIN_PERIOD_DAYS,
  OFFER_TYPES,
  currencySchema,
  fundingSymbol,
  type Currency,
  type FrrPoint,
  type FundingBook,
  type InterestPayment,
  type Loan,
  type MarketSnapshot,
  type Offer
} from '../../../shared/domain'
import { roundDownAmount } from '../../../shared/amount'
import { ExchangeError, isExchangeError } from '../errors'
import type { AutoRenewRequest, FundingExchange, LendableBalance, OfferRequest } from '../port'
import { notificationError } from './errorMapping'
import * as P from './parse'
import { BitfinexTransport, type TransportOptions } from './transport'

export type BitfinexExchangeOptions = TransportOptions
export { memoryNonceStore, type NonceStore } from './nonce'
export type { Credentials } from './transport'

export interface RangeOpts {
  start?: number
  end?: number
  limit?: number
}

/** The port plus the Bitfinex-only reads the history download and diagnostics use. */
export interface BitfinexExchange extends FundingExchange {
  /** funding/stats rows in Bitfinex's own units (frr = daily FRR / 365), oldest first. */
  fundingStats(currency: Currency, opts?: RangeOpts): Promise<P.FundingStat[]>
  /** R0: every offer on the book, one level each. */
  rawBook(currency: Currency, len?: 25 | 100): Promise<FundingBook>
  /** Our own executed funding trades, oldest first. */
  fundingTradesHistory(currency: Currency, opts?: RangeOpts): Promise<P.OwnFundingTrade[]>
  /** For diagnostics and tests: requests recorded in the current minute for a request path. */
  requestsInWindow(path: string): number
}

const CANDLE_AGGREGATE = 'a30:p2:p30'
const SNAPSHOT_TRADES = 125
const SNAPSHOT_CANDLES = 168
/**
 * How long a public answer is reused, chosen so that with all four currencies enabled at the default
 * 60 s interval (jitter makes two cycles fall in one minute) every endpoint stays under 30 % of its
 * limit (bench: "Rate budget"). Candles are hourly and funding stats hourly; trades (15 a minute for the
 * whole IP) feed a 24 h demand estimate, so minutes-old is fine; the USD price only sizes offers
 * against the 150 USD minimum, with a margin.
 */
const REFRESH_MS = { candles: 5 * 60_000, frrHistory: 5 * 60_000, trades: 150_000, usdPrice: 5 * 60_000 } as const

const toFixed8 = (n: number) => roundDownAmount(n).toFixed(8)
const rateFixed = (n: number) => n.toFixed(8)
const same = (a: number, b: number) => Math.abs(a - b) < 1e-8
/** Rates agree within the 8-decimal percent the request carries (1e-10 as a decimal) or 0.01 %. */
const rateAgrees = (a: number, b: number) => Math.abs(a - b) <= Math.max(1e-9, 1e-4 * Math.abs(b))
/** A positive number as a plain decimal string, rounded UP at 12 decimals: never a lower rate than meant. */
const decimalUp = (x: number) => (Math.ceil(x * 1e12 - 1e-3) / 1e12).toFixed(12).replace(/0+$/, '').replace(/\.$/, '')
const isAmbiguous = (e: unknown) => isExchangeError(e) && (e.kind === 'timeout' || e.kind === 'network')
const oldestFirst = <T extends { mts: number }>(rows: T[]) => [...rows].sort((a, b) => a.mts - b.mts)
const rangeQuery = (o: RangeOpts, sort?: number) =>
  Object.fromEntries(Object.entries({ start: o.start, end: o.end, limit: o.limit, sort }).filter(([, v]) => v !== undefined)) as Record<
    string,
    number
  >
const qs = (q: Record<string, number>) => {
  const s = new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString()
  return s ? `?${s}` : ''
}

export function createBitfinexExchange(opts: BitfinexExchangeOptions): BitfinexExchange {
  const t = new BitfinexTransport(opts)
  const clock = opts.clock
  const logger = opts.logger
  /** Offer ids we have seen per symbol: after an unanswered submit, a new id with our terms is ours. */
  const knownOfferIds = new Map<string, Set<number>>()
  const cache = new Map<string, { at: number; value: unknown }>()
  /** Reuses an answer younger than REFRESH_MS[kind]; when Bitfinex rate-limits, the last one, however old. */
  async function reuse<T>(kind: keyof typeof REFRESH_MS, key: string, fetch: () => Promise<T>): Promise<T> {
    const id = `${kind}:${key}`
    const hit = cache.get(id) as { at: number; value: T } | undefined
    if (hit && clock.now() - hit.at < REFRESH_MS[kind]) return hit.value
    try {
      const value = await fetch()
      cache.set(id, { at: clock.now(), value })
      return value
    } catch (e) {
      if (hit && isExchangeError(e) && e.kind === 'rateLimit') return hit.value
      throw e
    }
  }

  const notificationOk = (n: P.Notification, endpoint: string) => {
    if (n.status === 'ERROR' || n.status === 'FAILURE') throw notificationError(n.text, n.code, endpoint, clock.now())
    return n
  }

  const ex: BitfinexExchange = {
    async ticker(currency) {
      const symbol = fundingSymbol(currency)
      return t.publicGet(`/ticker/${symbol}`, P.fundingTickerArray, 'the funding ticker', (r) => r.ticker({ symbol }))
    },

    async book(currency, len = 25) {
      // RESTv2.orderBook cannot pass len, hence the generic helper.
      return t.publicGet(`/book/${fundingSymbol(currency)}/P0?len=${len}`, P.aggregatedBook, 'the funding book')
    },

    async rawBook(currency, len = 25) {
      return t.publicGet(`/book/${fundingSymbol(currency)}/R0?len=${len}`, P.rawBook, 'the raw funding book')
    },

    async publicTrades(currency, o = {}) {
      const symbol = fundingSymbol(currency)
      const q = { ...o, limit: o.limit ?? SNAPSHOT_TRADES }
      const rows = await t.publicGet(`/trades/${symbol}/hist${qs(rangeQuery(q, -1))}`, P.publicTrades, 'funding trades', (r) =>
        r.trades({ symbol, ...q, sort: -1 })
      )
      return oldestFirst(rows)
    },

    async candles(currency, o = {}) {
      const timeframe = o.timeframe ?? '1h'
      const symbol = `${fundingSymbol(currency)}:${CANDLE_AGGREGATE}`
      // Newest first within [start, end]: a caller pages backwards by moving `end`.
      const query = rangeQuery({ start: o.start, end: o.end, limit: o.limit ?? 100 }, -1)
      const rows = await t.publicGet(`/candles/trade:${timeframe}:${symbol}/hist${qs(query)}`, P.candles, 'funding candles', (r) =>
        r.candles({ timeframe, symbol, section: 'hist', query })
      )
      return oldestFirst(rows)
    },

    async fundingStats(currency, o = {}) {
      const query = rangeQuery({ start: o.start, end: o.end, limit: o.limit ?? 250 })
      const rows = await t.publicGet(`/funding/stats/${fundingSymbol(currency)}/hist${qs(query)}`, P.fundingStats, 'funding statistics')
      return oldestFirst(rows)
    },

    async frrHistory(currency, o = {}): Promise<FrrPoint[]> {
      const read = async () => (await ex.fundingStats(currency, o)).map((s) => ({ mts: s.mts, frrDaily: s.frr * 365 }))
      // The latest points (the dashboard asks twice a cycle) are reused; a dated range is always read.
      return o.start === undefined && o.end === undefined ? reuse('frrHistory', `${currency}:${o.limit ?? ''}`, read) : read()
    },

    async usdPrice(currency) {
      if (currency === 'USD') return 1
      // USDt too is priced (tUSTUSD), as Bitfinex counts "150.0 dollar or equivalent in UST" at its own rate.
      return reuse('usdPrice', currency, () => t.publicGet(`/ticker/t${currency}USD`, P.tradingTickerPrice, `the ${currency}/USD price`))
    },

    async platformOperative() {
      return t.publicGet('/platform/status', P.platformStatus, 'the platform status', (r) => r.status())
    },

    async marketSnapshot(currency): Promise<MarketSnapshot> {
      const symbol = fundingSymbol(currency)
      const ticker = await ex.ticker(currency)
      const book = await ex.book(currency, 100)
      // Trades and candles have small budgets (15 and 30 a minute): reused for a while, and after a rate limit.
      const trades = await reuse('trades', symbol, () => ex.publicTrades(currency, { limit: SNAPSHOT_TRADES }))
      const candles = await reuse('candles', symbol, () => ex.candles(currency, { timeframe: '1h', limit: SNAPSHOT_CANDLES }))
      return { symbol, takenAt: clock.now(), ticker, book, trades, candles }
    },

    async keyPermissions() {
      return t.authPost('/auth/r/permissions', {}, P.permissions, 'the key permissions')
    },

    async lendableBalance(currency): Promise<LendableBalance> {
      const symbol = fundingSymbol(currency)
      try {
        const amount = await t.authPost('/auth/calc/order/avail', { symbol, type: 'FUNDING' }, P.availableBalance, 'the available balance')
        // For FUNDING the real exchange answers the amount with a minus sign (an offer's side, as a bid would
        // be negative); public clients take its absolute value (raycast/extensions, extensions/bitfinex:
        // `Math.abs(balanceInfo[0])`). docs/bitfinex.md, "Available balance".
        return { readable: true, amount: Math.abs(amount), source: 'calc' }
      } catch (e) {
        if (!isExchangeError(e) || !(e.kind === 'permission' || e.kind === 'unknown')) throw e
        logger?.log('info', 'available-balance calc not usable; trying wallets', { kind: e.kind })
      }
      try {
        const rows = await t.authPost('/auth/r/wallets', {}, P.wallets, 'the wallets')
        const funding = rows.find((w) => w.type === 'funding' && w.currency === currency)
        // Bitfinex lists no row for a wallet that never held the currency: that is a real zero.
        if (!funding) return { readable: true, amount: 0, source: 'wallets' }
        if (funding.available !== null) return { readable: true, amount: funding.available, source: 'wallets' }
        return {
          readable: false,
          neededPermission: 'Wallets (read)',
          message: `Bitfinex did not report how much ${currency} is available in your funding wallet, so LendPace will not guess an amount.`
        }
      } catch (e) {
        if (isExchangeError(e) && e.kind === 'permission')
          return {
            readable: false,
            neededPermission: 'Wallets (read)',
            message: `Your API key cannot read your ${currency} funding balance. Enable "Wallets: Get wallet balances and addresses" (read only) on the key; LendPace will not guess an amount.`
          }
        throw e
      }
    },

    async activeOffers(currency) {
      const symbol = fundingSymbol(currency)
      const rows = await t.authPost(`/auth/r/funding/offers/${symbol}`, {}, P.lendOffers, 'the active offers')
      knownOfferIds.set(symbol, new Set(rows.map((o) => o.id)))
      return rows
    },

    async activeLoans(currency): Promise<Loan[]> {
      const symbol = fundingSymbol(currency)
      const credits = await t.authPost(`/auth/r/funding/credits/${symbol}`, {}, P.credits, 'the funding credits')
      const loans = await t.authPost(`/auth/r/funding/loans/${symbol}`, {}, P.loans, 'the funding loans')
      return [...credits, ...loans]
    },

    async interestPayments(currency, o = {}): Promise<InterestPayment[]> {
      const body = { category: 28, start: o.start, end: o.end, limit: o.limit ?? 500 }
      const rows = await t.authPost(`/auth/r/ledgers/${currency}/hist`, body, P.ledgerPayments, 'the ledger')
      // Category 28 also holds interest we would pay as a borrower (negative): not earnings.
      return oldestFirst(rows.filter((r) => r.amount > 0))
    },

    async fundingTradesHistory(currency, o = {}) {
      const rows = await t.authPost(
        `/auth/r/funding/trades/${fundingSymbol(currency)}/hist`,
        { start: o.start, end: o.end, limit: o.limit },
        P.ownFundingTrades,
        'the funding trades'
      )
      return oldestFirst(rows)
    },

    async submitOffer(req: OfferRequest): Promise<Offer> {
      validateOffer(req)
      const symbol = req.symbol
      // The recovery after a lost answer needs to know which offers existed before.
      if (!knownOfferIds.has(symbol)) await ex.activeOffers(currencyOfSymbol(symbol))
      const before = new Set(knownOfferIds.get(symbol))
      const packet = {
        type: req.type,
        symbol,
        amount: toFixed8(req.amount),
        rate: rateFixed(req.rate),
        period: req.period,
        flags: req.hidden ? 64 : 0
      }
      let n: P.Notification
      try {
        n = await t.authPost('/auth/w/funding/offer/submit', packet, P.notification, 'the offer confirmation', { retry: false })
      } catch (e) {
        if (!isAmbiguous(e)) throw e
        return recoverSubmit(req, before, e as ExchangeError)
      }
      notificationOk(n, 'offer submit')
      const offer = P.parseWith(P.offerArray, n.data, 'the new offer')
      knownOfferIds.get(symbol)?.add(offer.id)
      logger?.log('info', 'offer submitted', { id: offer.id, symbol, type: offer.type, period: offer.period })
      return offer
    },

    async cancelOffer(id) {
      await writeUntilConfirmed(
        'offer cancel',
        () => t.authPost('/auth/w/funding/offer/cancel', { id }, P.notification, 'the cancel confirmation', { retry: false }),
        async () => !(await allActiveOffers()).some((o) => o.id === id)
      )
    },

    async cancelAllOffers(currency) {
      // Not auth/w/funding/offer/cancel/all: it cancels every funding offer of the currency, the user's
      // borrow bids too. Ours go one by one; one already filled or gone since the read is not a failure.
      for (const o of await ex.activeOffers(currency)) {
        try {
          await ex.cancelOffer(o.id)
        } catch (e) {
          if (!(isExchangeError(e) && e.kind === 'invalidOffer') || (await allActiveOffers()).some((x) => x.id === o.id)) throw e
        }
      }
    },

    async setAutoRenew(req: AutoRenewRequest) {
      if (!req.enabled) {
        notificationOk(await postAutoRenew({ status: 0, currency: req.currency }), 'auto-renew')
        return
      }
      await enableAutoRenewChecked(req)
    },

    requestsInWindow(path) {
      return t.budget.used(t.endpoint(path))
    }
  }

  function postAutoRenew(body: Record<string, unknown>): Promise<P.Notification> {
    // Setting a state twice has the same effect as once, so normal retries are fine here.
    return t.authPost('/auth/w/funding/auto', body, P.notification, 'the auto-renew confirmation')
  }

  /**
   * The handoff that keeps money lent while the app is closed. The request takes `rate` in PERCENT
   * ("rate: Percentage rate at which to auto-renew. (rate == 0 to renew at FRR)",
   * https://docs.bitfinex.com/reference/rest-auth-funding-auto-renew), while the answer's [4] =
   * [CURRENCY, PERIOD, RATE, THRESHOLD] gives RATE as a decimal ("1% = 0.01", same page). A third-party
   * client reads the request field as a decimal, so the unit is checked against the answer (and against
   * the undocumented auth/r/funding/auto/status where it answers) and corrected at once. In doubt the
   * error is toward a rate too HIGH (money waits) and never too low (money locked cheap for days).
   */
  async function enableAutoRenewChecked(req: AutoRenewRequest): Promise<void> {
    const intended = req.rate ?? 0
    const base = {
      status: 1,
      currency: req.currency,
      amount: req.amount !== undefined ? toFixed8(req.amount) : undefined,
      period: req.period
    }
    const send = async (rateField: number): Promise<number | null> => {
      const n = notificationOk(await postAutoRenew({ ...base, rate: decimalUp(rateField) }), 'auto-renew')
      return P.autoRenewRate(n.data) ?? (await autoRenewStatusRate(req.currency))
    }
    const sent = intended * 100
    const answered = await send(sent)
    if (answered === null) {
      // Sent as documented; if Bitfinex misread it as a decimal it is 100× too high: money waits, never cheap.
      logger?.log('warn', 'auto-renew rate could not be confirmed from the answer', { currency: req.currency })
      return
    }
    if (rateAgrees(answered, intended)) return
    if (intended === 0) {
      logger?.log('warn', 'auto-renew at FRR answered with a rate', { currency: req.currency, answered })
      return
    }
    // Bitfinex applied its own unit to our number: send the number that, in that unit, is the intended rate.
    const factor = answered / sent
    logger?.log('warn', 'auto-renew rate read in another unit; correcting it now', { currency: req.currency, intended, answered })
    const corrected = await send(intended / factor)
    if (corrected !== null && rateAgrees(corrected, intended)) {
      logger?.log('info', 'auto-renew rate corrected', { currency: req.currency, rate: corrected })
      return
    }
    if (corrected === null || corrected > intended) {
      logger?.log('warn', 'auto-renew rate left above the intended rate', { currency: req.currency, intended, answered: corrected })
      return
    }
    // Still below what the user allows: no auto-renew at all beats lending below their floor for days.
    notificationOk(await postAutoRenew({ status: 0, currency: req.currency }), 'auto-renew')
    throw new ExchangeError(
      'invalidOffer',
      `Bitfinex did not take the auto-renew rate for ${req.currency} as LendPace meant it, so auto-renew was switched off rather than lend below your floor while LendPace is closed.`
    )
  }

  /** auth/r/funding/auto/status: undocumented (listed by JKorf/Bitfinex.Net); any failure or odd shape = no answer. */
  async function autoRenewStatusRate(currency: Currency): Promise<number | null> {
    try {
      return await t.authPost('/auth/r/funding/auto/status', { currency }, P.autoRenewStatus, 'the auto-renew status', { retry: false })
    } catch (e) {
      logger?.log('info', 'auto-renew status not available', { kind: isExchangeError(e) ? e.kind : 'unknown' })
      return null
    }
  }

  async function allActiveOffers(): Promise<Offer[]> {
    return t.authPost('/auth/r/funding/offers', {}, P.lendOffers, 'the active offers')
  }

  /** After a submit whose answer was lost: the offer counts as placed only if the book shows it. Never resubmits. */
  async function recoverSubmit(req: OfferRequest, before: Set<number>, original: ExchangeError): Promise<Offer> {
    let now: Offer[]
    try {
      now = await ex.activeOffers(currencyOfSymbol(req.symbol))
    } catch {
      throw new ExchangeError(
        original.kind,
        'The offer request got no answer and the open offers could not be re-read; LendPace will check the book next cycle before placing anything.'
      )
    }
    const mine = now
      .filter(
        (o) =>
          !before.has(o.id) &&
          o.type === req.type &&
          same(o.amountOrig, roundDownAmount(req.amount)) &&
          o.period === req.period &&
          (req.type !== 'LIMIT' || same(o.rate, req.rate))
      )
      .sort((a, b) => b.createdAt - a.createdAt)
    if (mine[0]) {
      logger?.log('info', 'offer submit answer lost, but the offer is on the book', { id: mine[0].id })
      return mine[0]
    }
    throw new ExchangeError(
      original.kind,
      'The offer request got no answer and the offer is not on the book; LendPace will plan again next cycle instead of sending it twice.'
    )
  }

  /**
   * Cancels are not idempotent requests, but their goal is checkable: after a lost answer, re-read the
   * book; only if the offer is still there is the request sent again (bounded).
   */
  async function writeUntilConfirmed(what: string, send: () => Promise<P.Notification>, done: () => Promise<boolean>): Promise<void> {
    const attempts = Math.max(1, opts.maxAttempts ?? 3)
    let lastError: ExchangeError | undefined
    for (let i = 0; i < attempts; i++) {
      try {
        notificationOk(await send(), what)
        return
      } catch (e) {
        if (!isAmbiguous(e)) throw e
        lastError = e as ExchangeError
      }
      try {
        if (await done()) return
      } catch (e) {
        if (!isAmbiguous(e)) throw e
      }
    }
    throw lastError ?? new ExchangeError('unknown', `Bitfinex did not confirm the ${what}.`)
  }

  return ex
}

/** "fUSD" → "USD"; only the funding symbols of the currencies LendPace lends. */
const symbolSchema = z.string().startsWith('f').transform((s) => s.slice(1)).pipe(currencySchema)
function currencyOfSymbol(symbol: string): Currency {
  return symbolSchema.parse(symbol)
}

function validateOffer(req: OfferRequest): void {
  const fail = (why: string) => {
    throw new ExchangeError('invalidOffer', `LendPace did not send the offer: ${why}`)
  }
  if (!symbolSchema.safeParse(req.symbol).success) fail(`"${req.symbol}" is not a funding currency LendPace lends.`)
  if (!(OFFER_TYPES as readonly string[]).includes(req.type)) fail(`unknown offer type ${req.type}.`)
  if (!Number.isFinite(req.amount) || req.amount <= 0) fail('the amount must be a positive number.')
  if (!Number.isInteger(req.period) || req.period < MIN_PERIOD_DAYS || req.period > MAX_PERIOD_DAYS)
    fail(`the period must be a whole number of days from ${MIN_PERIOD_DAYS} to ${MAX_PERIOD_DAYS}.`)
  // "The offset can be negative or positive for FRRDELTAFIX" (rest-auth-submit-funding-offer); for every other type it cannot.
  if (!Number.isFinite(req.rate)) fail('the rate must be a number.')
  if (req.rate < 0 && req.type !== 'FRRDELTAFIX') fail('only a fixed FRR-relative offer (FRRDELTAFIX) may have a negative offset.')
  if (req.type === 'LIMIT' && req.rate === 0) fail('a fixed-rate offer needs a rate above zero.')
}
