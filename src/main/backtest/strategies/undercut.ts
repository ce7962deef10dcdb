// The simplest bot: every step, all idle money one tick below the cheapest ask, for 2 days. It
// re-places only when its offer is no longer one tick below the best recorded ask.
import { DEFAULT_SETTINGS, minimumOfferAmount } from '../../../shared/settings'
import type { Strategy } from './types'

/** Bitfinex funding rates carry 8 decimals (the recorded book's finest step). */
const RATE_TICK = 1e-8
const PERIOD = 2

export function undercut(): Strategy {
  let fallbackSteps = 0
  return {
    name: 'undercut',
    description: 'undercut: every step, all idle money one tick (1e-8/day) below the best ask, 2 days; without a recent book, one tick below the last hourly close.',
    notes: () => (fallbackSteps ? [`undercut: ${fallbackSteps} steps had no recent book and used the last hourly close.`] : []),
    async step(ctx) {
      const ex = ctx.exchange
      const snap = await ex.marketSnapshot(ctx.currency)
      const best = snap.book.asks[0]?.rate ?? null
      if (best === null) fallbackSteps++
      const reference = best ?? snap.candles[snap.candles.length - 1]?.close ?? null
      if (reference === null) return
      const target = Math.max(RATE_TICK, reference - RATE_TICK)
      const open = await ex.activeOffers(ctx.currency)
      const minimum = minimumOfferAmount(ctx.currency, DEFAULT_SETTINGS)
      const bal = await ex.lendableBalance(ctx.currency)
      const idle = bal.readable ? bal.amount : 0
      if (open.every((o) => o.rate === target) && idle < minimum) return
      if (open.length) await ex.cancelAllOffers(ctx.currency)
      const now = await ex.lendableBalance(ctx.currency)
      if (now.readable && now.amount >= minimum) await ex.submitOffer({ symbol: ctx.symbol, type: 'LIMIT', amount: now.amount, rate: target, period: PERIOD })
    }
  }
}
