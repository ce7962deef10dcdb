// zod parsers for Bitfinex's raw v2 arrays (transform:false). Fields are read by index; every tuple
// allows extra trailing elements because Bitfinex may grow arrays at the end (ws-general docs), and
// placeholder slots are `unknown` so a value appearing there never breaks us.
import { z } from 'zod'
import type {
  BookLevel,
  Candle,
  FundingBook,
  FundingTicker,
  FundingTrade,
  InterestPayment,
  KeyScope,
  Loan,
  Offer,
  OfferType
} from '../../../shared/domain'
import { firstIssue } from '../../../shared/zodIssue'
import { ExchangeError } from '../errors'

const num = z.number()
const any = z.unknown()
const flag = z.union([z.number(), z.boolean(), z.null()]).optional()
const truthy = (v: unknown) => v === true || (typeof v === 'number' && v !== 0)

/** Parse or throw ExchangeError('unknown'), naming the endpoint but never echoing the payload. */
export function parseWith<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  const r = schema.safeParse(raw)
  if (!r.success) {
    // Only where, never zod's message: it may quote the value Bitfinex sent.
    throw new ExchangeError('unknown', `Bitfinex sent ${what} in a shape LendPace does not understand (at ${firstIssue(r.error)?.path || 'top'}).`)
  }
  return r.data
}

// --- public --------------------------------------------------------------------------------------

/** GET ticker/fSYM: 16 fields, [13] and [14] placeholders (docs/bitfinex.md, Arrays). Parsed ourselves: the model swaps fields. */
export const fundingTickerArray = z
  .tuple([num, num, num, num, num, num, num, num, num, num, num, num, num, any, any, z.number().nullable()])
  .rest(any)
  .transform(
    (a): FundingTicker => ({
      frr: a[0],
      bid: a[1],
      bidPeriod: a[2],
      bidSize: a[3],
      ask: a[4],
      askPeriod: a[5],
      askSize: a[6],
      dailyChange: a[7],
      dailyChangePerc: a[8],
      lastPrice: a[9],
      volume: a[10],
      high: a[11],
      low: a[12],
      frrAmountAvailable: a[15] ?? 0
    })
  )

/**
 * Trading-pair ticker (tBTCUSD): [BID, BID_SIZE, ASK, ASK_SIZE, DAILY_CHANGE, DAILY_CHANGE_RELATIVE, LAST_PRICE,
 * VOLUME, HIGH, LOW] (https://docs.bitfinex.com/reference/rest-public-ticker). Used only to apply the 150 USD
 * minimum, so the LOWER of bid and last price is taken: a low price means a larger minimum, never a refused offer.
 */
export const tradingTickerPrice = z
  .tuple([num, num, num, num, num, num, num])
  .rest(any)
  .transform((a) => Math.min(a[0], a[6]))
  .pipe(z.number().positive())

/** Aggregated book (P0..P4): [RATE, PERIOD, COUNT, AMOUNT]; AMOUNT > 0 = lenders' ask (opposite of trading books). */
export const aggregatedBook = z
  .array(z.tuple([num, num, num, num]).rest(any))
  .transform((rows): FundingBook => splitBook(rows.map((r) => ({ rate: r[0], period: r[1], count: r[2], amount: r[3] }))))

/** Raw book (R0): [OFFER_ID, PERIOD, RATE, AMOUNT]; each offer is one level with count 1. */
export const rawBook = z
  .array(z.tuple([num, num, num, num]).rest(any))
  .transform((rows): FundingBook => splitBook(rows.map((r) => ({ rate: r[2], period: r[1], count: 1, amount: r[3] }))))

function splitBook(levels: Array<{ rate: number; period: number; count: number; amount: number }>): FundingBook {
  const asks: BookLevel[] = []
  const bids: BookLevel[] = []
  for (const l of levels) {
    const level = { rate: l.rate, period: Math.round(l.period), count: Math.round(l.count), amount: Math.abs(l.amount) }
    if (l.amount > 0) asks.push(level)
    else if (l.amount < 0) bids.push(level)
  }
  asks.sort((a, b) => a.rate - b.rate)
  bids.sort((a, b) => b.rate - a.rate)
  return { asks, bids }
}

/** Public funding trade: [ID, MTS, AMOUNT, RATE, PERIOD]. */
export const publicTrades = z.array(
  z
    .tuple([num, num, num, num, num])
    .rest(any)
    .transform((t): FundingTrade => ({ id: t[0], mts: t[1], amount: t[2], rate: t[3], period: Math.round(t[4]) }))
)

/** Candle: [MTS, OPEN, CLOSE, HIGH, LOW, VOLUME] (close before high). */
export const candles = z.array(
  z
    .tuple([num, num, num, num, num, num])
    .rest(any)
    .transform((c): Candle => ({ mts: c[0], open: c[1], close: c[2], high: c[3], low: c[4], volume: c[5] }))
)

/** One funding/stats row in Bitfinex's own units: `frr` is 1/365 of the daily FRR. */
export interface FundingStat {
  mts: number
  frr: number
  avgPeriod: number
  fundingAmount: number
  fundingAmountUsed: number
  fundingBelowThreshold: number
}
const numOrNull = z.number().nullable()
export const fundingStats = z.array(
  z
    .tuple([num, any, any, num, numOrNull, any, any, numOrNull, numOrNull, any, any, numOrNull])
    .rest(any)
    .transform(
      (s): FundingStat => ({
        mts: s[0],
        frr: s[3],
        avgPeriod: s[4] ?? 0,
        fundingAmount: s[7] ?? 0,
        fundingAmountUsed: s[8] ?? 0,
        fundingBelowThreshold: s[11] ?? 0
      })
    )
)

/** platform/status: [1] operative, [0] maintenance. */
export const platformStatus = z.tuple([num]).rest(any).transform((s) => s[0] === 1)

// --- authenticated -------------------------------------------------------------------------------

export const permissions = z.array(
  z
    .tuple([z.string(), z.union([num, z.boolean()]), z.union([num, z.boolean()])])
    .rest(any)
    .transform((p): KeyScope => ({ scope: p[0], read: truthy(p[1]), write: truthy(p[2]) }))
)

interface WalletRow {
  type: string
  currency: string
  balance: number
  /** null when Bitfinex did not compute it. */
  available: number | null
}
export const wallets = z.array(
  z
    .tuple([z.string(), z.string(), num, any, z.number().nullable().optional()])
    .rest(any)
    .transform((w): WalletRow => ({ type: w[0], currency: w[1], balance: w[2], available: w[4] ?? null }))
)

/** calc/order/avail: [AMOUNT_AVAIL, ...]. */
export const availableBalance = z.tuple([num]).rest(any).transform((a) => a[0])

function offerTypeOf(raw: string): OfferType {
  if (raw === 'LIMIT' || raw === 'FRRDELTAVAR' || raw === 'FRRDELTAFIX') return raw
  // Older or UI-only names (e.g. "FRR"): all FRR-relative offers float with the FRR.
  return /FRR/i.test(raw) ? 'FRRDELTAVAR' : 'LIMIT'
}

/** Funding offer array (docs/bitfinex.md, Arrays); [20] is the effective rate for FRR offers when present. */
export const offerArray = z
  .tuple([
    num, // 0 id
    z.string(), // 1 symbol
    num, // 2 created
    num, // 3 updated
    num, // 4 amount
    num, // 5 amount orig
    z.string(), // 6 type
    any,
    any,
    flag, // 9 flags
    z.string(), // 10 status
    any,
    any,
    any,
    num, // 14 rate
    num // 15 period
  ])
  .rest(any)
  .transform((o): Offer => {
    const type = offerTypeOf(o[6])
    const rateReal = (o as unknown[])[20]
    const hiddenField = (o as unknown[])[17]
    return {
      id: o[0],
      symbol: o[1],
      createdAt: o[2],
      updatedAt: o[3],
      amount: o[4],
      amountOrig: o[5],
      type,
      status: o[10],
      rate: type === 'LIMIT' ? o[14] : typeof rateReal === 'number' ? rateReal : o[14],
      period: Math.round(o[15]),
      hidden: truthy(hiddenField) || (typeof o[9] === 'number' && (o[9] & 64) !== 0)
    }
  })
export const offers = z.array(offerArray)
/**
 * Our lend offers only. auth/r/funding/offers also lists the user's borrow bids ("Amount (positive for offer,
 * negative for bid)", rest-auth-submit-funding-offer): those are not ours to manage, count or cancel.
 */
export const lendOffers = offers.transform((rows) => rows.filter((o) => o.amountOrig > 0))

/**
 * Credit/loan array (https://docs.bitfinex.com/reference/rest-auth-funding-credits, -loans): [0] ID, [1] SYMBOL,
 * [2] SIDE, [3] MTS_CREATE, [4] MTS_UPDATE, [5] AMOUNT, [8] RATE_TYPE ("FIXED" or "VAR" (for FRR)), [11] RATE,
 * [12] PERIOD, [13] MTS_OPENING, [14] MTS_LAST_PAYOUT; [19] is RATE_REAL in the WS credits example
 * (ws-auth-funding-credits). A loan from an FRR offer may come with [8] null and [11] 0 or null and its real
 * rate only at [19]: take [19] whenever it is a positive number. SIDE −1 (we borrow) is not ours to track.
 */
export function loansOf(kind: 'credit' | 'loan') {
  return z
    .array(
      z
        .tuple([num, z.string(), num, num, num, num, any, any, z.string().nullable(), any, any, numOrNull, num, num, numOrNull.optional()])
        .rest(any)
    )
    .transform((rows): Loan[] =>
      rows
        .filter((l) => l[2] !== -1)
        .map((l) => {
          const rateReal = (l as unknown[])[19]
          const real = typeof rateReal === 'number' && rateReal > 0 ? rateReal : null
          const stated = l[11] ?? 0
          // No stated type and no fixed rate stated: only an FRR loan looks like that.
          const variable = l[8] === 'VAR' || (l[8] === null && !(stated > 0))
          return {
            id: l[0],
            symbol: l[1],
            kind,
            amount: Math.abs(l[5]),
            rate: real ?? stated,
            rateType: variable ? 'VAR' : 'FIXED',
            period: Math.round(l[12]),
            openedAt: l[13],
            lastPayoutAt: l[14] ?? null
          }
        })
    )
}
export const credits = loansOf('credit')
export const loans = loansOf('loan')

/** Our funding trades: [ID, SYMBOL, MTS_CREATE, OFFER_ID, AMOUNT, RATE, PERIOD]. */
export interface OwnFundingTrade {
  id: number
  symbol: string
  mts: number
  offerId: number
  amount: number
  rate: number
  period: number
}
export const ownFundingTrades = z.array(
  z
    .tuple([num, z.string(), num, num, num, num, num])
    .rest(any)
    .transform((t): OwnFundingTrade => ({ id: t[0], symbol: t[1], mts: t[2], offerId: t[3], amount: t[4], rate: t[5], period: Math.round(t[6]) }))
)

/** Ledger: [ID, CURRENCY, WALLET, MTS, null, AMOUNT, BALANCE, null, DESCRIPTION]. */
export const ledgerPayments = z.array(
  z
    .tuple([num, z.string(), any, num, any, num, any, any, z.string().nullable()])
    .rest(any)
    .transform((l): InterestPayment => ({ id: l[0], currency: l[1], mts: l[3], amount: l[5], description: l[8] ?? '' }))
)

/** Notification: [MTS, TYPE, MESSAGE_ID, null, DATA, CODE, STATUS, TEXT]. Branch on [6], not [1]. */
export interface Notification {
  type: string
  data: unknown
  code: number | null
  status: string
  text: string
}
export const notification = z
  .tuple([any, z.string(), any, any, any, z.number().nullable().optional(), z.string(), z.string().nullable().optional()])
  .rest(any)
  .transform((n): Notification => ({ type: n[1], data: n[4], code: n[5] ?? null, status: n[6], text: n[7] ?? '' }))

/**
 * RATE of an auto-renew answer, [CURRENCY, PERIOD, RATE, THRESHOLD], a daily decimal ("Rate of the offer
 * (percentage expressed as decimal number i.e. 1% = 0.01)", https://docs.bitfinex.com/reference/rest-auth-funding-auto-renew).
 * null when the answer does not have that shape: the caller then cannot confirm, and says so.
 */
const autoRenewArray = z.tuple([z.string(), num, num]).rest(any)
export function autoRenewRate(data: unknown): number | null {
  const r = autoRenewArray.safeParse(data)
  return r.success ? r.data[2] : null
}

/**
 * auth/r/funding/auto/status is undocumented; JKorf/Bitfinex.Net models it as [SYMBOL, PERIOD, RATE,
 * THRESHOLD] like the auto-renew answer. Accept that row bare or wrapped once; anything else is "no answer".
 */
export const autoRenewStatus = z.unknown().transform((raw): number | null => autoRenewRate(raw) ?? (Array.isArray(raw) ? autoRenewRate(raw[0]) : null))
