// What a user gets from Bitfinex for free: auto-renew at FRR, 2-day period, whole balance. Once
// enabled, the exchange itself re-offers every returned loan and every interest payment.
import type { Strategy } from './types'

const FRR_AUTO_RENEW_PERIOD = 2

export function frrAutoRenew(frrFill: 'queue' | 'optimistic'): Strategy {
  let unknownSteps = 0
  let steps = 0
  let stepMs = 0
  const name = frrFill === 'queue' ? 'frr' : 'frr-optimistic'
  return {
    name,
    description:
      frrFill === 'queue'
        ? 'frr: Bitfinex auto-renew at FRR (2 days, whole balance); FRR offers wait behind the FRR queue under the common fill model (and fill earlier if the market trades above FRR).'
        : 'frr-optimistic: a SENSITIVITY, not a baseline: the same auto-renew, but every FRR offer fills in full at once at FRR (not the common fill model; the bound does not cover it).',
    frrFill,
    async start(ctx) {
      await ctx.exchange.setAutoRenew({ currency: ctx.currency, enabled: true, rate: 0, period: FRR_AUTO_RENEW_PERIOD })
    },
    notes: () =>
      unknownSteps === 0
        ? []
        : unknownSteps === steps
          ? [`${name}: n/a — FRR was never published in this window, so its offers waited unpriced the whole time and earned nothing; its 0 % is no measure of auto-renew.`]
          : [`${name}: FRR was not yet published for ${((unknownSteps * stepMs) / 86_400_000).toFixed(1)} days of the window; its offers waited unpriced (no FRR is ever taken from the future).`],
    async step(ctx) {
      // Auto-renew runs inside the exchange; the strategy only notes when FRR is unknown.
      stepMs = ctx.stepMs
      steps++
      if ((await ctx.feed.frrAt(ctx.now)) === null) unknownSteps++
    }
  }
}
