// IBRR in the backtest: every step, exactly what the real loop does — read the market and the
// account through the port, call plan(), cancel what it says, place what it says. Settings are the
// app defaults (the currency enabled), never tuned to the replayed dates.
import { DEFAULT_SETTINGS, usdPriceFor, type Settings } from '../../../shared/settings'
import type { AccountState, MarketSnapshot, Plan } from '../../../shared/domain'
import { isExchangeError } from '../../exchange/errors'
import { plan as ibrrPlan } from '../../ibrr'
import type { Strategy } from './types'

type PlanFn = (market: MarketSnapshot, account: AccountState, settings: Settings, now: number) => Plan

export function ibrr(plan: PlanFn = ibrrPlan, settings: Settings = DEFAULT_SETTINGS): Strategy {
  let planErrors = 0
  let firstError = ''
  let refused = 0
  let frrUnknown = 0
  return {
    notes() {
      const out: string[] = []
      if (frrUnknown) out.push(`ibrr: FRR was not yet published in ${frrUnknown} steps; IBRR planned from the book and trades alone there (the ticker shows FRR 0 = unknown).`)
      if (planErrors) out.push(`ibrr: plan() threw in ${planErrors} steps (first: ${firstError}); like the live loop, those steps changed nothing.`)
      if (refused) out.push(`ibrr: the exchange refused ${refused} planned offers or cancels (validation or already filled).`)
      return out
    },
    name: 'ibrr',
    description: 'ibrr: IBRR plan() every step with the default settings, its cancels and places reconciled through the simulated exchange like the live loop.',
    async step(ctx) {
      const ex = ctx.exchange
      const cur = ctx.currency
      const s: Settings = { ...settings, currencies: { ...settings.currencies, [cur]: { ...settings.currencies[cur], enabled: true } } }
      const market = await ex.marketSnapshot(cur)
      if (market.ticker.frr === 0) frrUnknown++
      const bal = await ex.lendableBalance(cur)
      const account: AccountState = {
        currency: cur,
        available: bal.readable ? bal.amount : 0,
        offers: await ex.activeOffers(cur),
        loans: await ex.activeLoans(cur),
        usdPrice: usdPriceFor(cur, s)
      }
      let p: Plan
      try {
        p = plan(market, account, s, ctx.now)
      } catch (e) {
        // The live loop records a failed cycle and carries on; so does the backtest.
        if (planErrors++ === 0) firstError = e instanceof Error ? e.message : String(e)
        return
      }
      for (const c of p.cancel) {
        try {
          await ex.cancelOffer(c.offerId)
        } catch (e) {
          // Filled or gone between read and cancel: the live loop tolerates this too.
          if (!isExchangeError(e)) throw e
          refused++
        }
      }
      for (const o of p.place) {
        try {
          await ex.submitOffer({ symbol: o.symbol, type: o.type, amount: o.amount, rate: o.rate, period: o.period })
        } catch (e) {
          if (!isExchangeError(e)) throw e
          refused++
        }
      }
    }
  }
}
