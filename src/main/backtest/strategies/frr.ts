// What a user gets from Bitfinex for free: auto-renew at FRR, 2-day period, whole balance. Once
// enabled, the exchange itself re-offers every returned loan and every interest payment.
import type { Strategy } from './types'

const FRR_AUTO_RENEW_PERIOD = 2

export function frrAutoRenew(frrFill: 'pessimistic' | 'optimistic'): Strategy {
  return {
    name: frrFill === 'pessimistic' ? 'frr' : 'frr-optimistic',
    description:
      frrFill === 'pessimistic'
        ? 'frr: Bitfinex auto-renew at FRR (2 days, whole balance); FRR offers fill like a LIMIT offer at the current FRR under the common fill model (pessimistic).'
        : 'frr-optimistic: the same auto-renew, but every FRR offer fills in full at once at FRR (optimistic bound; not the common fill model).',
    frrFill,
    async start(ctx) {
      await ctx.exchange.setAutoRenew({ currency: ctx.currency, enabled: true, rate: 0, period: FRR_AUTO_RENEW_PERIOD })
    },
    async step() {
      // Nothing to do: auto-renew runs inside the exchange.
    }
  }
}
