// What the two "spread lend" bots (ladder, mika) share: cancel everything each loop and lend what is
// idle, at rates read at depths of the ask book.
import type { BookLevel, MarketSnapshot } from '../../../shared/domain'
import { DEFAULT_SETTINGS, minimumOfferAmount } from '../../../shared/settings'
import type { StrategyContext } from './types'

/**
 * A loop's start: cancel all open offers, then the idle amount, the minimum offer and the market, or
 * null when there is too little to lend.
 */
export async function startSpread(ctx: StrategyContext): Promise<{ amount: number; minimum: number; snap: MarketSnapshot } | null> {
  const ex = ctx.exchange
  if ((await ex.activeOffers(ctx.currency)).length) await ex.cancelAllOffers(ctx.currency)
  const bal = await ex.lendableBalance(ctx.currency)
  const minimum = minimumOfferAmount(ctx.currency, DEFAULT_SETTINGS)
  if (!bal.readable || bal.amount < minimum) return null
  return { amount: bal.amount, minimum, snap: await ex.marketSnapshot(ctx.currency) }
}

/** Without a recent book: the last hourly candle's close..high stands in for the ask book's range. */
export function lastCandleRange(snap: MarketSnapshot): { lo: number; hi: number } | null {
  const c = snap.candles[snap.candles.length - 1]
  return c ? { lo: c.close, hi: c.high } : null
}

/** The ask rate where the cumulative amount first reaches `depth`; null when the book is shallower. */
export function askRateAtDepth(asks: BookLevel[], depth: number): number | null {
  let sum = 0
  for (const a of asks) {
    sum += a.amount
    if (sum >= depth) return a.rate
  }
  return null
}

/** What is left in the wallet now (the last offer of a spread takes it, so rounding never overdraws). */
export async function idleNow(ctx: StrategyContext): Promise<number> {
  const left = await ctx.exchange.lendableBalance(ctx.currency)
  return left.readable ? left.amount : 0
}
