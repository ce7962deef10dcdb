// The classic open-source lending bot (MarginBot / BitfinexLendingBot "spread lend"): every run, cancel
// the unfilled offers and spread the available balance over N equal offers whose rates step evenly
// through the ask book between a depth of gapBottom and gapTop (amounts of the currency ahead in the
// book). 2-day period, or 30 days when a rate is above a threshold. Defaults are the style of those
// bots' sample configs, not tuned to any data.
import { roundDownAmount } from '../../../shared/amount'
import { askRateAtDepth, idleNow, lastCandleRange, startSpread } from './spreadLend'
import type { Strategy } from './types'

interface LadderParams {
  spread: number
  gapBottom: number
  gapTop: number
  /** Offers at or above this daily rate lend for 30 days (0.1 %/day, as MarginBot's thirtyDayMin). */
  thirtyDayMin: number
}

const DEFAULT_LADDER: LadderParams = { spread: 5, gapBottom: 25_000, gapTop: 1_000_000, thirtyDayMin: 0.001 }

export function ladder(params: LadderParams = DEFAULT_LADDER): Strategy {
  return {
    name: 'ladder',
    description: `ladder: every step cancel unfilled offers, then spread the balance over ${params.spread} offers from ${params.gapBottom} to ${params.gapTop} deep in the ask book (classic open-source bot); 2 days, 30 days at ≥ ${params.thirtyDayMin}/day; without a book, from the last hourly close to its high.`,
    async step(ctx) {
      const bal = await startSpread(ctx)
      if (!bal) return
      const { minimum, snap } = bal
      const asks = snap.book.asks
      // A book shallower than the depth: its dearest ask.
      const range = asks.length
        ? { lo: askRateAtDepth(asks, params.gapBottom) ?? asks[asks.length - 1].rate, hi: askRateAtDepth(asks, params.gapTop) ?? asks[asks.length - 1].rate }
        : lastCandleRange(snap)
      if (!range) return
      const { lo, hi } = range
      const n = Math.max(1, Math.min(params.spread, Math.floor(bal.amount / minimum)))
      const each = roundDownAmount(bal.amount / n)
      for (let i = 0; i < n; i++) {
        const rate = n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1)
        // The last offer takes what is left (bal − each × (n − 1) can round a hair above the wallet).
        const amount = i === n - 1 ? await idleNow(ctx) : each
        await ctx.exchange.submitOffer({ symbol: ctx.symbol, type: 'LIMIT', amount, rate, period: rate >= params.thirtyDayMin ? 30 : 2 })
      }
    }
  }
}
