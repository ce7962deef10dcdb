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
import type { BookLevel } from '../../../shared/domain'
import { DEFAULT_SETTINGS, minimumOfferAmount } from '../../../shared/settings'
import { roundDownAmount } from '../../exchange/amount'
import type { Strategy } from './types'

export interface MikaParams {
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

export const MIKA_DEFAULTS: MikaParams = { spreadLend: 3, gapBottomPct: 10, gapTopPct: 200, xdayThreshold: 0.002, xdays: 60, minDailyRate: 0.00005, maxDailyRate: 0.05 }

/** Mika's undercut: just below the competing offer. */
const UNDERCUT = 0.000001
const UNDERCUT_ABOVE = 0.0001

/** get_gap_rate: the ask rate where the cumulative amount first reaches `depth`; maxDailyRate past the book. */
function gapRate(asks: BookLevel[], depth: number, maxDailyRate: number): number {
  let sum = 0
  for (const a of asks) {
    sum += a.amount
    if (sum >= depth) return a.rate
  }
  return maxDailyRate
}

export function mika(params: MikaParams = MIKA_DEFAULTS): Strategy {
  let fallbackSteps = 0
  return {
    name: 'mika',
    description: `mika: MikaLendingBot's default strategy (our implementation of its Lending.py): each step cancel all, spread the balance over ${params.spreadLend} offers from ${params.gapBottomPct} % to ${params.gapTopPct} % of the balance deep in the ask book, 0.000001 below those asks, ${params.xdays} days above ${params.xdayThreshold}/day, else 2.`,
    notes: () => (fallbackSteps ? [`mika: ${fallbackSteps} steps had no recent book; it used the last hourly close..high instead (Mika itself would not lend then).`] : []),
    async step(ctx) {
      const ex = ctx.exchange
      if ((await ex.activeOffers(ctx.currency)).length) await ex.cancelAllOffers(ctx.currency)
      const bal = await ex.lendableBalance(ctx.currency)
      const minimum = minimumOfferAmount(ctx.currency, DEFAULT_SETTINGS)
      if (!bal.readable || bal.amount < minimum) return
      const snap = await ex.marketSnapshot(ctx.currency)
      let bottom: number
      let top: number
      if (snap.book.asks.length) {
        bottom = gapRate(snap.book.asks, (params.gapBottomPct / 100) * bal.amount, params.maxDailyRate)
        top = gapRate(snap.book.asks, (params.gapTopPct / 100) * bal.amount, params.maxDailyRate)
      } else {
        const c = snap.candles[snap.candles.length - 1]
        if (!c) return
        fallbackSteps++
        bottom = c.close
        top = c.high
      }
      let spread = params.spreadLend
      while (spread > 1 && bal.amount < spread * minimum) spread--
      const step = spread === 1 ? 0 : (top - bottom) / (spread - 1)
      const rates = [...new Set(Array.from({ length: spread }, (_, i) => Math.min(params.maxDailyRate, bottom + step * i)))].sort((a, b) => a - b)
      // hide_coins (default on): any rate below the minimum and it lends nothing at all this loop.
      if (rates.some((r) => r < params.minDailyRate)) return
      const each = roundDownAmount(bal.amount / rates.length)
      // Equal amounts, the truncation remainder to the first (lowest) offer: placed last, it takes what is left.
      for (const i of [...rates.keys()].slice(1).concat(0)) {
        const left = await ex.lendableBalance(ctx.currency)
        const amount = i === 0 ? (left.readable ? left.amount : 0) : each
        const rate = rates[i] > UNDERCUT_ABOVE ? rates[i] - UNDERCUT : rates[i]
        const period = rate > params.xdayThreshold ? params.xdays : 2
        if (amount >= minimum) await ex.submitOffer({ symbol: ctx.symbol, type: 'LIMIT', amount, rate, period })
      }
    }
  }
}
