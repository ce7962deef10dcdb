// IBRR in the backtest: every step, exactly what the real loop does — read the market and the
// account through the port, let the fill recorder learn from what changed (core/learning, on its own
// store in memory), call plan() with the account it hands back, cancel what the plan says, place what
// it says and tell the recorder what was placed, then end the cycle. So the replay measures the app's
// IBRR, which learns its wait scale and loan lives from its own fills — not from loans the run started
// with (they were selected for surviving). Settings are the app defaults (the currency enabled), never
// tuned to the replayed dates.
import { DEFAULT_SETTINGS, usdPriceFor, type Settings } from '../../../shared/settings'
import type { AccountState, Currency, MarketSnapshot, Plan } from '../../../shared/domain'
import { isExchangeError } from '../../exchange/errors'
import { plan as ibrrPlan } from '../../ibrr'
import { createMemoryOwnHistoryStore, FillRecorder } from '../../core/learning'
import type { Strategy } from './types'

type PlanFn = (market: MarketSnapshot, account: AccountState, settings: Settings, now: number) => Plan

export function ibrr(plan: PlanFn = ibrrPlan, settings: Settings = DEFAULT_SETTINGS): Strategy {
  let planErrors = 0
  let firstError = ''
  let refused = 0
  let frrUnknown = 0
  // Its own record per run (a fresh strategy per band), paper and live apart as in the app; the replay is live.
  let now = 0
  const clock = { now: () => now }
  const recorder = new FillRecorder({ live: createMemoryOwnHistoryStore(clock), paper: createMemoryOwnHistoryStore(clock) }, () => 'live')
  let lastCurrency: Currency | null = null
  return {
    notes() {
      const out: string[] = []
      if (lastCurrency) out.push(`ibrr: learned from its own offers as the app does; at the end, ${recorder.describe(lastCurrency, now)}.`)
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
      now = ctx.now
      lastCurrency = cur
      const s: Settings = { ...settings, currencies: { ...settings.currencies, [cur]: { ...settings.currencies[cur], enabled: true } } }
      const market = await ex.marketSnapshot(cur)
      if (market.ticker.frr === 0) frrUnknown++
      const bal = await ex.lendableBalance(cur)
      const loans = await ex.activeLoans(cur)
      // The inherited loans are no evidence of loan lives (StrategyContext.inheritedLoanIds): the recorder
      // never sees them (so never records their return), and plan() gets them as capital only.
      const inherited = loans.filter((l) => ctx.inheritedLoanIds.has(l.id))
      const observed = recorder.observe(
        {
          currency: cur,
          available: bal.readable ? bal.amount : 0,
          offers: await ex.activeOffers(cur),
          loans: inherited.length ? loans.filter((l) => !ctx.inheritedLoanIds.has(l.id)) : loans,
          usdPrice: usdPriceFor(cur, s)
        },
        ctx.now
      )
      const account: AccountState = inherited.length ? { ...observed, loans, notLifeEvidence: inherited.map((l) => l.id) } : observed
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
          recorder.placed(cur, await ex.submitOffer({ symbol: o.symbol, type: o.type, amount: o.amount, rate: o.rate, period: o.period }), o)
        } catch (e) {
          if (!isExchangeError(e)) throw e
          refused++
        }
      }
      recorder.flush()
    }
  }
}
