// The FundingExchange port: exactly what the lending loop, the vault and the dashboard need from an
// exchange. Adapters: bitfinex/ (the real REST API) and simulated/ (market replay for paper mode and
// backtests). Every method either resolves with validated data or rejects with an ExchangeError.
import type {
  Currency,
  FundingBook,
  FundingTicker,
  FundingTrade,
  Candle,
  FrrPoint,
  InterestPayment,
  KeyScope,
  Loan,
  MarketSnapshot,
  Offer,
  OfferType
} from '../../shared/domain'

export interface OfferRequest {
  symbol: string
  type: OfferType
  /** Positive amount to lend, already rounded down to 8 decimals. */
  amount: number
  /** Daily rate for LIMIT; offset from FRR for FRRDELTA* (0 = plain FRR). */
  rate: number
  period: number
  hidden?: boolean
}

export interface AutoRenewRequest {
  currency: Currency
  enabled: boolean
  /** Daily rate; 0 = at FRR. */
  rate?: number
  period?: number
  /** Amount to keep lent; omitted = whole balance. */
  amount?: number
}

/** Where the lendable balance came from, or which permission is missing to read it. */
export type LendableBalance =
  | { readable: true; amount: number; source: 'calc' | 'wallets' | 'simulated' }
  | { readable: false; neededPermission: string; message: string }

export interface FundingExchange {
  /** Public market data IBRR plans from. */
  marketSnapshot(currency: Currency): Promise<MarketSnapshot>
  ticker(currency: Currency): Promise<FundingTicker>
  book(currency: Currency, len?: 25 | 100): Promise<FundingBook>
  publicTrades(currency: Currency, opts?: { limit?: number; start?: number; end?: number }): Promise<FundingTrade[]>
  candles(currency: Currency, opts?: { timeframe?: '1m' | '1h'; limit?: number; start?: number; end?: number }): Promise<Candle[]>
  frrHistory(currency: Currency, opts?: { limit?: number; start?: number; end?: number }): Promise<FrrPoint[]>
  /** true = operative, false = maintenance. */
  platformOperative(): Promise<boolean>
  /**
   * USD value of one unit (1 for USD), to apply Bitfinex's 150 USD minimum. Optional: an exchange without
   * prices leaves the loop to the settings' stand-in (usdPriceFor in shared/settings).
   */
  usdPrice?(currency: Currency): Promise<number>

  /** Authenticated account data. */
  keyPermissions(): Promise<KeyScope[]>
  lendableBalance(currency: Currency): Promise<LendableBalance>
  activeOffers(currency: Currency): Promise<Offer[]>
  /** Credits and loans together: all money of ours a borrower holds. */
  activeLoans(currency: Currency): Promise<Loan[]>
  interestPayments(currency: Currency, opts?: { start?: number; end?: number; limit?: number }): Promise<InterestPayment[]>

  /** Writes. Not idempotent: after a timeout, re-read activeOffers before deciding anything. */
  submitOffer(req: OfferRequest): Promise<Offer>
  cancelOffer(id: number): Promise<void>
  cancelAllOffers(currency: Currency): Promise<void>
  setAutoRenew(req: AutoRenewRequest): Promise<void>
}
