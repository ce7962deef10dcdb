// Domain types shared by every layer. Pure data: no Node, no DOM, no Electron.
// Rates are daily decimals exactly as Bitfinex sends them (0.0002 = 0.02 %/day).
// Amounts are in the funding currency (USD for fUSD, BTC for fBTC).
import { z } from 'zod'

/** Currencies the app can lend. UST is Bitfinex's code for USDt. */
export const CURRENCIES = ['USD', 'UST', 'BTC', 'ETH'] as const
export const currencySchema = z.enum(CURRENCIES)
export type Currency = z.infer<typeof currencySchema>

/** Bitfinex funding symbol: `f` + currency (fUSD, fUST, fBTC). */
type FundingSymbol = `f${Currency}`
export const fundingSymbol = (currency: Currency): FundingSymbol => `f${currency}`
export const currencyOf = (symbol: string): Currency => currencySchema.parse(symbol.replace(/^f/, ''))

/** Bitfinex limits on a funding offer (docs/bitfinex.md, Offer rules). */
export const MIN_PERIOD_DAYS = 2
export const MAX_PERIOD_DAYS = 120
export const MIN_OFFER_USD = 150
export const AMOUNT_DECIMALS = 8
/** Bitfinex keeps this share of the interest a lender earns. */
export const BITFINEX_LENDER_FEE = 0.15

export const fundingTickerSchema = z.object({
  frr: z.number(),
  bid: z.number(),
  bidPeriod: z.number(),
  bidSize: z.number(),
  ask: z.number(),
  askPeriod: z.number(),
  askSize: z.number(),
  dailyChange: z.number(),
  dailyChangePerc: z.number(),
  lastPrice: z.number(),
  volume: z.number(),
  high: z.number(),
  low: z.number(),
  frrAmountAvailable: z.number()
})
export type FundingTicker = z.infer<typeof fundingTickerSchema>

/** One aggregated book level. `amount` is always positive here; the side says who is quoting. */
export const bookLevelSchema = z.object({
  rate: z.number(),
  period: z.number().int(),
  count: z.number().int(),
  amount: z.number().nonnegative()
})
export type BookLevel = z.infer<typeof bookLevelSchema>

/** Funding book. asks = lenders' offers, cheapest first; bids = borrowers' demand, highest rate first. */
export const fundingBookSchema = z.object({
  asks: z.array(bookLevelSchema),
  bids: z.array(bookLevelSchema)
})
export type FundingBook = z.infer<typeof fundingBookSchema>

/** A public funding trade. amount's sign is the taker side (Bitfinex API order: ID, MTS, AMOUNT, RATE, PERIOD). */
export const fundingTradeSchema = z.object({
  id: z.number(),
  mts: z.number(),
  amount: z.number(),
  rate: z.number(),
  period: z.number().int()
})
export type FundingTrade = z.infer<typeof fundingTradeSchema>

export const candleSchema = z.object({
  mts: z.number(),
  open: z.number(),
  close: z.number(),
  high: z.number(),
  low: z.number(),
  volume: z.number()
})
export type Candle = z.infer<typeof candleSchema>

/** FRR history point: `frrDaily` is already converted from Bitfinex's 1/365 form (stats [3] × 365). */
export const frrPointSchema = z.object({ mts: z.number(), frrDaily: z.number() })
export type FrrPoint = z.infer<typeof frrPointSchema>

/** What IBRR sees of one funding market at one moment. */
export const marketSnapshotSchema = z.object({
  symbol: z.string(),
  takenAt: z.number(),
  ticker: fundingTickerSchema,
  book: fundingBookSchema,
  /** Recent public trades, oldest first. */
  trades: z.array(fundingTradeSchema),
  /** Recent hourly candles (a30:p2:p30), oldest first: the recent rate distribution for spike detection. */
  candles: z.array(candleSchema)
})
export type MarketSnapshot = z.infer<typeof marketSnapshotSchema>

export const OFFER_TYPES = ['LIMIT', 'FRRDELTAVAR', 'FRRDELTAFIX'] as const
export type OfferType = (typeof OFFER_TYPES)[number]

/** One of our funding offers on the book. */
export const offerSchema = z.object({
  id: z.number(),
  symbol: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Remaining (unfilled) amount. */
  amount: z.number(),
  amountOrig: z.number(),
  type: z.enum(OFFER_TYPES),
  status: z.string(),
  /** Daily rate; for FRR offers, the effective rate when Bitfinex reports one, else 0. */
  rate: z.number(),
  period: z.number().int(),
  hidden: z.boolean()
})
export type Offer = z.infer<typeof offerSchema>

/** Money of ours a borrower holds: a Bitfinex funding credit (used in a position) or loan (not used). */
export const loanSchema = z.object({
  id: z.number(),
  symbol: z.string(),
  kind: z.enum(['credit', 'loan']),
  amount: z.number(),
  rate: z.number(),
  rateType: z.enum(['FIXED', 'VAR']),
  period: z.number().int(),
  openedAt: z.number(),
  lastPayoutAt: z.number().nullable()
})
export type Loan = z.infer<typeof loanSchema>

/**
 * How long one of the user's own offers waited (LIMIT offers): until it filled, or until it was cancelled
 * or left the book unfilled (censored: it would have waited at least that long).
 */
export const fillObservationSchema = z.object({
  currency: z.string(),
  period: z.number().int(),
  waitMinutes: z.number().nonnegative(),
  outcome: z.enum(['filled', 'censored']),
  /** When the observation ended (fill or cancel), ms since the epoch. */
  at: z.number(),
  /**
   * The market model's expected wait for this offer when IBRR placed it (PlannedOffer.expectedWaitMinutes),
   * when known: what IBRR's wait scale is learned against. Older records have none.
   */
  expectedWaitMinutes: z.number().positive().optional()
})
export type FillObservation = z.infer<typeof fillObservationSchema>

/** How long one of the user's own loans lived: until it was returned (closed), or so far (still open: censored). */
export const lifeObservationSchema = z.object({
  currency: z.string(),
  period: z.number().int(),
  lifeDays: z.number().nonnegative(),
  outcome: z.enum(['closed', 'open']),
  at: z.number()
})
export type LifeObservation = z.infer<typeof lifeObservationSchema>

/**
 * Running sufficient statistics of an OwnHistory for IBRR's decayed estimator (src/main/ibrr/learning.ts),
 * per observed period (index = days, 0..MAX_PERIOD_DAYS). An observation at `at` is counted with weight
 * 2^((at − ref) / half-life) here. The recorder keeps them as observations come and go, so a cycle costs
 * its new observations, not the whole record.
 */
export interface OwnHistorySums {
  ref: number
  /** Σ weight of filled waits, Σ weight × wait (minutes, censored ones too). */
  fillEvents: Float64Array
  fillExposure: Float64Array
  /** Σ weight of closed loans, Σ weight × min(life, period) (days, open ones too). */
  lifeEvents: Float64Array
  lifeExposure: Float64Array
  /** Unweighted: the user's filled offers and returned loans in the record. */
  filledCount: number
  closedCount: number
  /** Over every period, fills with an expected wait only: Σ weight of filled ones, Σ weight × wait / expected wait (censored too). */
  scaleEvents: number
  scaleExposure: number
  /** Unweighted: observations (filled or censored) with an expected wait in the record. */
  scaleCount: number
  /** scaleEvents and scaleExposure per observed period (index = days): what each period's own wait scale rests on. */
  scaleEventsByPeriod: Float64Array
  scaleExposureByPeriod: Float64Array
}

/** The user's own recorded fills and loan lives in one currency: what IBRR learns from (oldest first). */
export interface OwnHistory {
  fills: FillObservation[]
  lives: LifeObservation[]
  /** The same observations summed (when the recorder keeps them); plan() then reads only these. */
  sums?: OwnHistorySums
}

/** What IBRR knows of the account for one currency. */
export interface AccountState {
  currency: Currency
  /** Funding-wallet balance available to offer now (excludes amounts in open offers and loans). */
  available: number
  /** Our open offers in this currency. */
  offers: Offer[]
  /** Our money currently lent out. */
  loans: Loan[]
  /** USD value of one unit of the currency (1 for USD/UST), to apply the 150 USD minimum. */
  usdPrice: number
  /** The user's own fills and loan lives, when recorded: IBRR shrinks them toward its calibrated prior. */
  own?: OwnHistory
  /**
   * Ids of `loans` that hold capital (and count in the long-lock share) but are no evidence of how long
   * loans live. Only a backtest sets it: the real bot's loans a replay starts with were chosen for still
   * being lent at a snapshot after the window, so as open (censored) lives they would lengthen the learned
   * lives by survivorship. The app never sets it: a user's earlier loans are seen closing, fair evidence.
   */
  notLifeEvidence?: readonly number[]
}

/** An offer IBRR wants on the book. */
export interface PlannedOffer {
  symbol: string
  type: 'LIMIT' | 'FRRDELTAVAR' | 'FRRDELTAFIX'
  amount: number
  /** LIMIT: the daily rate. FRRDELTA*: the offset from FRR (0 = plain FRR; FRRDELTAFIX may be negative). */
  rate: number
  period: number
  /** Estimated chance the offer fills within IBRR's horizon, 0..1. */
  fillProbability: number
  /**
   * LIMIT: the market model's expected wait of the average unit, minutes, before the user's own wait
   * scale (ibrr/learning.ts): what the recorder keeps with the placed offer to learn that scale. Absent
   * for FRR offers, when visible bids take part of it at once (its first loan says nothing of the wait),
   * and when the model sees no demand for it.
   */
  expectedWaitMinutes?: number
  /** One sentence a user understands. */
  reason: string
}

export interface PlannedCancel {
  offerId: number
  reason: string
}

/** IBRR's output for one currency: cancel these, then place these. */
export interface Plan {
  symbol: string
  cancel: PlannedCancel[]
  place: PlannedOffer[]
  /** Plain sentences about the plan as a whole (why nothing was placed, spike detected, ...). */
  reasons: string[]
}

/** A funding interest payment credited to the funding wallet (ledger category 28). */
export const interestPaymentSchema = z.object({
  id: z.number(),
  currency: z.string(),
  mts: z.number(),
  /** Net amount received, after Bitfinex's fee. */
  amount: z.number(),
  description: z.string()
})
export type InterestPayment = z.infer<typeof interestPaymentSchema>

/** A scope of a Bitfinex API key as Bitfinex reports it. */
export const keyScopeSchema = z.object({ scope: z.string(), read: z.boolean(), write: z.boolean() })
export type KeyScope = z.infer<typeof keyScopeSchema>

const scopeVerdictSchema = z.enum(['ok', 'warning', 'refused'])
/** Our verdict on one scope of a key, with the reason in a sentence. */
export const scopeCheckSchema = keyScopeSchema.extend({ verdict: scopeVerdictSchema, reason: z.string() })
export type ScopeCheck = z.infer<typeof scopeCheckSchema>

export const keyCheckSchema = z.object({
  accepted: z.boolean(),
  scopes: z.array(scopeCheckSchema),
  /** Sentences explaining refusal or warnings. */
  messages: z.array(z.string())
})
export type KeyCheck = z.infer<typeof keyCheckSchema>

/** An entry of the decision log: what the loop did or chose not to do, and why. */
export const decisionSchema = z.object({
  id: z.string(),
  at: z.number(),
  currency: z.string(),
  kind: z.enum(['place', 'cancel', 'hold', 'error', 'info']),
  message: z.string(),
  dryRun: z.boolean(),
  offerId: z.number().optional(),
  rate: z.number().optional(),
  amount: z.number().optional(),
  period: z.number().optional()
})
export type Decision = z.infer<typeof decisionSchema>
