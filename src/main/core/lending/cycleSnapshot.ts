// What one cycle of the loop saw and did, as the renderer receives it, and the last one kept: while the
// loop runs, the dashboard's other figures (earnings, the glance) take the account from that cycle
// instead of reading the exchange again, so one account read per cycle serves everything.
import type { CurrencySummary, CycleSnapshot, PlanView } from '../../../shared/contract'
import type { AccountState, Currency, Plan } from '../../../shared/domain'
import type { CycleResult } from './cycle'

/** Every currency's cycle, as the loop hands it over. */
export interface CycleOutcome {
  /** When the cycle began reading the exchange. */
  takenAt: number
  dryRun: boolean
  /** The currencies enabled for this cycle; those missing from `results` failed or wait out a ban. */
  enabled: Currency[]
  results: CycleResult[]
}

const planView = (plan: Plan): PlanView => ({
  cancel: plan.cancel.map(({ offerId, reason }) => ({ offerId, reason })),
  place: plan.place.map(({ type, amount, rate, period, fillProbability, reason }) => ({ type, amount, rate, period, fillProbability, reason })),
  reasons: plan.reasons
})

/** `summarize` turns a cycle's account into the dashboard's view of it (reserve, reasons, fills noted). */
export function toCycleSnapshot(outcome: CycleOutcome, mode: CycleSnapshot['mode'], summarize: (account: AccountState) => CurrencySummary): CycleSnapshot {
  return {
    takenAt: outcome.takenAt,
    mode,
    dryRun: outcome.dryRun,
    currencies: outcome.results.map((r) => ({
      currency: r.currency,
      market: { currency: r.currency, takenAt: r.market.takenAt, ticker: r.market.ticker, book: r.market.book },
      account: summarize(r.account),
      plan: planView(r.plan),
      placed: r.placed,
      cancelled: r.cancelled
    }))
  }
}

/** The last cycle's snapshot, by mode: a paper cycle's account never stands in for the live one. */
export class LatestCycle {
  private last: CycleSnapshot | null = null

  set(snapshot: CycleSnapshot): void {
    this.last = snapshot
  }

  /** Offers changed outside a cycle (the user cancelled them all): the kept account is no longer true. */
  forget(): void {
    this.last = null
  }

  /** This currency's account as the last cycle in `mode` left it, with that cycle's time; null when none. */
  account(mode: CycleSnapshot['mode'], currency: Currency): { at: number; summary: CurrencySummary } | null {
    if (this.last?.mode !== mode) return null
    const entry = this.last.currencies.find((c) => c.currency === currency)
    return entry ? { at: this.last.takenAt, summary: entry.account } : null
  }
}
