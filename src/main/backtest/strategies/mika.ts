// MikaLendingBot's default lending strategy, written from reading its modules/Lending.py and
// default.cfg.example (github.com/BitBotFactory/MikaLendingBot; our own implementation):
//  - every loop it cancels all its open offers (cancel_all), then lends the available balance (lend_all);
//  - it spreads the balance over `spreadlend` equal offers (fewer when the balance cannot cover that many
//    minimum loans), remainder to the first;
//  - the offers' rates step evenly from the ask at a depth of gapbottom % of the balance to the ask at
//    gaptop % of it (get_gap_rate: walk the ask book until the cumulative amount reaches the depth; a
//    book too shallow gives maxdailyrate);
//  - each offer goes 0.000001 below that competing rate when the rate is above 0.0001 (create_lend_offer);
//  - xdays days when the rate is above xdaythreshold, else 2 days; nothing below mindailyrate.
// Defaults are its sample config: spreadlend 3, gapbottom 10, gaptop 200, xdaythreshold 0.2 %/day,
// xdays 60, mindailyrate 0.005 %/day, maxdailyrate 5 %/day. Its loop runs every 60 s; here every step.
// Without a recent book (no snapshot in the data) it would lend nothing; we let it use the last hourly
// close..high as the book's range instead, the same fallback as the ladder, and say so.
import { roundDownAmount } from '../../../shared/amount'
import { askRateAtDepth, idleNow, lastCandleRange, startSpread } from './spreadLend'
import type { Strategy } from './types'

interface MikaParams {
  spreadLend: number
  /** Depths into the ask book, in percent of the balance to lend. */
  gapBottomPct: number
  gapTopPct: number
  /** Daily rates (Mika's config is in percent: 0.2 → 0.002). */
  xdayThreshold: number
  xdays: number
  minDailyRate: number
  maxDailyRate: number
}

const MIKA_DEFAULTS: MikaParams = { spreadLend: 3, gapBottomPct: 10, gapTopPct: 200, xdayThreshold: 0.002, xdays: 60, minDailyRate: 0.00005, maxDailyRate: 0.05 }

/** Mika's undercut: just below the competing offer. */
const UNDERCUT = 0.000001
const UNDERCUT_ABOVE = 0.0001

export function mika(params: MikaParams = MIKA_DEFAULTS): Strategy {
  let fallbackSteps = 0
  return {
    name: 'mika',
    description: `mika: MikaLendingBot's default strategy (our implementation of its Lending.py): each step cancel all, spread the balance over ${params.spreadLend} offers from ${params.gapBottomPct} % to ${params.gapTopPct} % of the balance deep in the ask book, 0.000001 below those asks, ${params.xdays} days above ${params.xdayThreshold}/day, else 2.`,
    notes: () => (fallbackSteps ? [`mika: ${fallbackSteps} steps had no recent book; it used the last hourly close..high instead (Mika itself would not lend then).`] : []),
    async step(ctx) {
      const bal = await startSpread(ctx)
      if (!bal) return
      const { minimum, snap } = bal
      const asks = snap.book.asks
      // get_gap_rate: a book too shallow for the depth gives maxdailyrate.
      const depthRate = (pct: number) => askRateAtDepth(asks, (pct / 100) * bal.amount) ?? params.maxDailyRate
      const range = asks.length ? { lo: depthRate(params.gapBottomPct), hi: depthRate(params.gapTopPct) } : lastCandleRange(snap)
      if (!range) return
      if (!asks.length) fallbackSteps++
      const { lo: bottom, hi: top } = range
      let spread = params.spreadLend
      while (spread > 1 && bal.amount < spread * minimum) spread--
      const step = spread === 1 ? 0 : (top - bottom) / (spread - 1)
      const rates = [...new Set(Array.from({ length: spread }, (_, i) => Math.min(params.maxDailyRate, bottom + step * i)))].sort((a, b) => a - b)
      // hide_coins (default on): any rate below the minimum and it lends nothing at all this loop.
      if (rates.some((r) => r < params.minDailyRate)) return
      const each = roundDownAmount(bal.amount / rates.length)
      // Equal amounts, the truncation remainder to the first (lowest) offer: placed last, it takes what is left.
      for (const i of [...rates.keys()].slice(1).concat(0)) {
        const amount = i === 0 ? await idleNow(ctx) : each
        const rate = rates[i] > UNDERCUT_ABOVE ? rates[i] - UNDERCUT : rates[i]
        const period = rate > params.xdayThreshold ? params.xdays : 2
        if (amount >= minimum) await ctx.exchange.submitOffer({ symbol: ctx.symbol, type: 'LIMIT', amount, rate, period })
      }
    }
  }
}
