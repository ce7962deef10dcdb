// Hand-built inputs for the IBRR tests: small books whose numbers can be checked by hand.
import { FUSD_CALIBRATION, loanLifeFor } from '../../src/shared/calibration'
import type { AccountState, BookLevel, Candle, FundingTrade, Loan, MarketSnapshot, Offer } from '../../src/shared/domain'
import { DEFAULT_SETTINGS, type CurrencySettings, type Settings } from '../../src/shared/settings'

export const NOW = Date.UTC(2026, 7, 20, 12, 0, 0)

/** The calibrated mean loan life IBRR's prior uses for a period (the simulator's central band). */
export const calibratedMeanLife = (period: number): number => loanLifeFor(FUSD_CALIBRATION, period, 'central').meanDays
/** The "~N days" a reason states as a number, for comparing with the calibration. */
export function statedLife(text: string, after: RegExp = /loans that last ~([\d.]+) days/): number {
  const m = after.exec(text)
  if (!m) throw new Error(`no loan life stated in: ${text}`)
  return Number(m[1])
}
export const HOUR = 3_600_000
export const MIN = 60_000

export const level = (rate: number, period: number, amount: number): BookLevel => ({ rate, period, amount, count: 1 })

export function market(p: {
  asks?: BookLevel[]
  bids?: BookLevel[]
  trades?: FundingTrade[]
  candles?: Candle[]
  frr?: number
  frrAmountAvailable?: number
  lastPrice?: number
}): MarketSnapshot {
  return {
    symbol: 'fUSD',
    takenAt: NOW,
    ticker: {
      frr: p.frr ?? 0,
      bid: 0,
      bidPeriod: 2,
      bidSize: 0,
      ask: 0,
      askPeriod: 2,
      askSize: 0,
      dailyChange: 0,
      dailyChangePerc: 0,
      lastPrice: p.lastPrice ?? 0,
      volume: 0,
      high: 0,
      low: 0,
      frrAmountAvailable: p.frrAmountAvailable ?? 0
    },
    book: { asks: p.asks ?? [], bids: p.bids ?? [] },
    trades: p.trades ?? [],
    candles: p.candles ?? []
  }
}

/** `count` trades of `amount` each at `rate`, spread evenly over the last `hours` (oldest first). */
export function trades(count: number, amount: number, rate: number, period = 2, hours = 1, firstId = 1): FundingTrade[] {
  return Array.from({ length: count }, (_, k) => ({
    id: firstId + k,
    mts: NOW - hours * HOUR + (k * hours * HOUR) / count,
    amount: -amount,
    rate,
    period
  }))
}

/** `hours` complete hourly candles ending an hour before NOW, all alike unless `closeAt` varies them. */
export function candles(hours: number, c: Omit<Candle, 'mts'>, closeAt?: (k: number) => number): Candle[] {
  return Array.from({ length: hours }, (_, k) => {
    const close = closeAt ? closeAt(k) : c.close
    return { ...c, close, open: closeAt ? close : c.open, mts: NOW - (hours - k) * HOUR }
  })
}

export function account(p: Partial<AccountState> = {}): AccountState {
  return { currency: 'USD', available: 0, offers: [], loans: [], usdPrice: 1, ...p }
}

export function offer(p: Partial<Offer> & Pick<Offer, 'id' | 'amount' | 'rate'>): Offer {
  return {
    symbol: 'fUSD',
    createdAt: NOW - 5 * MIN,
    updatedAt: NOW - 5 * MIN,
    amountOrig: p.amount,
    type: 'LIMIT',
    status: 'ACTIVE',
    period: 2,
    hidden: false,
    ...p
  }
}

export function loan(p: Partial<Loan> & Pick<Loan, 'id' | 'amount'>): Loan {
  return { symbol: 'fUSD', kind: 'loan', rate: 0.0002, rateType: 'FIXED', period: 2, openedAt: NOW - HOUR, lastPayoutAt: null, ...p }
}

export function settings(usd: Partial<CurrencySettings> = {}, top: Partial<Settings> = {}): Settings {
  return {
    ...DEFAULT_SETTINGS,
    ...top,
    currencies: { ...DEFAULT_SETTINGS.currencies, USD: { ...DEFAULT_SETTINGS.currencies.USD, allowFrr: false, ...usd } }
  }
}


/** An ordinary market: 2-day asks from 0.00020 up, steady 2-day trades, flat candles around 0.0002. */
export function ordinaryMarket(extra: Parameters<typeof market>[0] = {}): MarketSnapshot {
  return market({
    asks: [level(0.0002, 2, 20_000), level(0.00021, 2, 30_000), level(0.00022, 2, 50_000), level(0.00025, 2, 100_000)],
    bids: [level(0.00019, 2, 5_000)],
    trades: [...trades(40, 5_000, 0.00021, 2, 2, 1), ...trades(20, 2_000, 0.00023, 2, 2, 100)],
    // Closes cycle 0.00017 … 0.00023: median 0.0002, MAD 0.00002 (σ ≈ 0.00003, as on the real fUSD market).
    candles: candles(72, { open: 0.0002, close: 0.0002, high: 0.00024, low: 0.00016, volume: 300_000 }, (k) =>
      [0.00017, 0.00019, 0.00021, 0.00023][k % 4]
    ),
    ...extra
  })
}
