// The IBRR speed bench's input and measuring loop: a 250-level book (250 asks and 250 bids), an account
// with open offers and loans, default settings. Shared by the bench under tsx, its bundled run
// (ibrrSpeedBundled.ts) and the golden plans test. Pure CPU; measured in the bench, never in tests.
import type { plan } from '../src/main/ibrr'
import { seededRandom } from '../src/shared/random'
import { DEFAULT_SETTINGS } from '../src/shared/settings'
import type { AccountState, BookLevel, MarketSnapshot } from '../src/shared/domain'

export const LEVELS = 250
const PERIODS = [2, 2, 2, 3, 5, 7, 10, 14, 20, 30, 60, 90, 120]

export function syntheticMarket(now: number, seed = 42): MarketSnapshot {
  const rnd = seededRandom(seed)
  const level = (rate: number): BookLevel => ({ rate, period: PERIODS[Math.floor(rnd() * PERIODS.length)], count: 1 + Math.floor(rnd() * 5), amount: 150 + rnd() * 200_000 })
  const asks = Array.from({ length: LEVELS }, (_, i) => level(0.00015 + i * 0.0000008)).sort((a, b) => a.rate - b.rate)
  const bids = Array.from({ length: LEVELS }, (_, i) => level(0.00028 - i * 0.0000008)).sort((a, b) => b.rate - a.rate)
  const candles = Array.from({ length: 48 }, (_, i) => {
    const base = 0.00017 + 0.00003 * Math.sin(i / 6)
    return { mts: now - (48 - i) * 3_600_000, open: base, close: base * (0.95 + rnd() * 0.1), high: base * 1.3, low: base * 0.7, volume: 1e6 + rnd() * 5e6 }
  })
  const trades = Array.from({ length: 100 }, (_, i) => ({ id: i, mts: now - (100 - i) * 30_000, amount: -(150 + rnd() * 10_000), rate: 0.00015 + rnd() * 0.0001, period: PERIODS[Math.floor(rnd() * PERIODS.length)] }))
  return {
    symbol: 'fUSD',
    takenAt: now,
    ticker: { frr: 0.00031, bid: bids[0].rate, bidPeriod: bids[0].period, bidSize: bids[0].amount, ask: asks[0].rate, askPeriod: asks[0].period, askSize: asks[0].amount, dailyChange: 0, dailyChangePerc: 0, lastPrice: 0.00018, volume: 1e8, high: 0.0003, low: 0.0001, frrAmountAvailable: 0 },
    book: { asks, bids },
    trades,
    candles
  }
}

/** 3 open 2-day offers placed an hour ago and 2 long loans: the bench's account. */
export function syntheticAccount(now: number): AccountState {
  return {
    currency: 'USD',
    available: 25_000,
    usdPrice: 1,
    offers: [0, 1, 2].map((i) => ({ id: 100 + i, symbol: 'fUSD', createdAt: now - 3_600_000, updatedAt: now - 3_600_000, amount: 1000, amountOrig: 1000, type: 'LIMIT' as const, status: 'ACTIVE', rate: 0.0002 + i * 0.00001, period: 2, hidden: false })),
    loans: [0, 1].map((i) => ({ id: 200 + i, symbol: 'fUSD', kind: 'loan' as const, amount: 5000, rate: 0.00025, rateType: 'FIXED' as const, period: 120, openedAt: now - 86_400_000, lastPayoutAt: null }))
  }
}

/** What measurePlans reports: plans per second in each successive window, and the run's totals. */
export interface PlanSpeed {
  perWindow: number[]
  plans: number
  wallMs: number
}

/**
 * Which snapshot object each plan gets: `new`, a new snapshot with the same content for every plan, as
 * in the app (one snapshot per cycle, parsed from the exchange's answer) and the backtest (its feed builds
 * each step's trades and candles anew); `reused`, the very same object for every plan.
 */
export type SnapshotUse = 'new' | 'reused'

const WINDOWS = 10
const WINDOW_MS = 500

/**
 * Plans per second of `planFn` on the bench input after a JIT warm-up, in ten successive half-second
 * windows of plan time: on a shared machine one 2-second average swung 2× for the same code (other work
 * takes the core away), so the median and the best window are reported, not one mean. Each plan is timed
 * on its own, so with `new` snapshots the snapshot (new book, level, trade and candle objects) is built
 * outside the clock and only one is alive at a time, as in the app; both uses are measured by the same
 * loop. (Timing every plan costs two clock reads, well under 1 % of a plan.)
 */
export function measurePlans(planFn: typeof plan, snapshots: SnapshotUse): PlanSpeed {
  const now = Date.UTC(2026, 8, 1)
  const market = syntheticMarket(now)
  const account = syntheticAccount(now)
  // A new snapshot is built by the same code as the first: object literals, as the exchange adapter's parser
  // (exchange/bitfinex/parse.ts) builds levels and trades. A structuredClone or JSON.parse copy gets other
  // object shapes, which made a plan 20–35 % slower (Dec 2026): a cost of the copy, not of a new snapshot.
  const snapshot = (): MarketSnapshot => (snapshots === 'new' ? syntheticMarket(now) : market)
  // Warm-up (JIT): V8 keeps optimizing plan's functions for the first thousand or so plans (after 300,
  // the median plan of the next 500 still took 2–4× the steady one, Dec 2026), and the backtest, which
  // runs plan thousands of times, runs at the steady speed. So warm up for a second, not a fixed count.
  const warmUpStarted = process.hrtime.bigint()
  for (let i = 0; i < 300 || Number(process.hrtime.bigint() - warmUpStarted) < 1e9; i++) planFn(snapshot(), account, DEFAULT_SETTINGS, now)
  const perWindow: number[] = []
  let plans = 0
  const started = process.hrtime.bigint()
  for (let w = 0; w < WINDOWS; w++) {
    let n = 0
    let elapsed = 0
    while (elapsed < WINDOW_MS) {
      const m = snapshot()
      const planStarted = process.hrtime.bigint()
      planFn(m, account, DEFAULT_SETTINGS, now + plans + n)
      elapsed += Number(process.hrtime.bigint() - planStarted) / 1e6
      n++
    }
    perWindow.push((n / elapsed) * 1000)
    plans += n
  }
  return { perWindow, plans, wallMs: Number(process.hrtime.bigint() - started) / 1e6 }
}
