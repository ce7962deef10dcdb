// The classic open-source lending bot (MarginBot / BitfinexLendingBot "spread lend"): every run, cancel
// the unfilled offers and spread the available balance over N equal offers whose rates step evenly
// through the ask book between a depth of gapBottom and gapTop (amounts of the currency ahead in the
// book). 2-day period, or 30 days when a rate is above a threshold. Defaults are the style of those
// bots' sample configs, not tuned to any data.
import type { BookLevel } from '../../../shared/domain'
import { DEFAULT_SETTINGS, minimumOfferAmount } from '../../../shared/settings'
import { roundDownAmount } from '../../exchange/amount'
import type { Strategy } from './types'

export interface LadderParams {
  spread: number
  gapBottom: number
  gapTop: number
  /** Offers at or above this daily rate lend for 30 days (0.1 %/day, as MarginBot's thirtyDayMin). */
  thirtyDayMin: number
}

const DEFAULT_LADDER: LadderParams = { spread: 5, gapBottom: 25_000, gapTop: 1_000_000, thirtyDayMin: 0.001 }

/** The ask rate at a cumulative depth into the book. */
function rateAtDepth(asks: BookLevel[], depth: number): number | null {
  let sum = 0
  for (const a of asks) {
    sum += a.amount
    if (sum >= depth) return a.rate
  }
  return asks.length ? asks[asks.length - 1].rate : null
}

export function ladder(params: LadderParams = DEFAULT_LADDER): Strategy {
  return {
    name: 'ladder',
    description: `ladder: every step cancel unfilled offers, then spread the balance over ${params.spread} offers from ${params.gapBottom} to ${params.gapTop} deep in the ask book (classic open-source bot); 2 days, 30 days at ≥ ${params.thirtyDayMin}/day; without a book, from the last hourly close to its high.`,
    async step(ctx) {
      const ex = ctx.exchange
      if ((await ex.activeOffers(ctx.currency)).length) await ex.cancelAllOffers(ctx.currency)
      const bal = await ex.lendableBalance(ctx.currency)
      const minimum = minimumOfferAmount(ctx.currency, DEFAULT_SETTINGS)
      if (!bal.readable || bal.amount < minimum) return
      const snap = await ex.marketSnapshot(ctx.currency)
      let lo: number | null
      let hi: number | null
      if (snap.book.asks.length) {
        lo = rateAtDepth(snap.book.asks, params.gapBottom)
        hi = rateAtDepth(snap.book.asks, params.gapTop)
      } else {
        const c = snap.candles[snap.candles.length - 1]
        lo = c?.close ?? null
        hi = c?.high ?? null
      }
      if (lo === null || hi === null) return
      const n = Math.max(1, Math.min(params.spread, Math.floor(bal.amount / minimum)))
      const each = roundDownAmount(bal.amount / n)
      for (let i = 0; i < n; i++) {
        const rate = n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1)
        // The last offer takes what is left (bal − each × (n − 1) can round a hair above the wallet).
        const left = await ex.lendableBalance(ctx.currency)
        const amount = i === n - 1 ? (left.readable ? left.amount : 0) : each
        await ex.submitOffer({ symbol: ctx.symbol, type: 'LIMIT', amount, rate, period: rate >= params.thirtyDayMin ? 30 : 2 })
      }
    }
  }
}
