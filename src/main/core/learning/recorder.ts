// The thin recorder between the loop and IBRR's learning: every cycle it compares the account with the
// previous cycle's, stores the new observations (in the record of the current mode) and hands plan()
// the account with the user's own history attached.
import type { AccountState, Currency, Offer, PlannedOffer } from '../../../shared/domain'
import { describeFillModel, waitScaleOf } from '../../ibrr'
import { LoanTracker } from '../earnings/loanTracker'
import { diffAccount, type AccountView } from './accountDiff'
import type { OwnHistoryStore } from './ownHistoryStore'

export type Mode = 'live' | 'paper'

export class FillRecorder {
  private readonly previous = new Map<string, AccountView>()
  // Its own tracker: the earnings one is driven by the dashboard's reads, at other moments.
  private readonly loans = new LoanTracker()
  // Per mode and currency: the market model's expected wait of each offer placed this run, by offer id
  // (in memory: an offer placed before a restart is learned from without one, so not for the wait scale).
  private readonly expected = new Map<string, Map<number, number>>()

  constructor(
    private readonly stores: Record<Mode, OwnHistoryStore>,
    private readonly mode: () => Mode
  ) {}

  /** Record what changed since the last cycle of this currency (in this mode) and attach the history. */
  observe(account: AccountState, now: number): AccountState {
    const mode = this.mode()
    const key = `${mode}:${account.currency}`
    const next: AccountView = { offers: account.offers, loans: account.loans }
    const returned = this.loans.observe(key, account.loans, now).returned.map(({ loan, event }) => ({ loanId: loan.id, days: event.days }))
    const prev = this.previous.get(key)
    this.previous.set(key, next)
    const store = this.stores[mode]
    const expected = this.expected.get(key)
    if (prev) {
      const { fills, lives } = diffAccount(account.currency, prev, next, returned, now, (id) => expected?.get(id))
      store.add(fills, lives)
    }
    // Offers no longer open have been learned from: their expected waits are not needed again.
    if (expected) {
      const open = new Set(account.offers.map((o) => o.id))
      for (const id of expected.keys()) if (!open.has(id)) expected.delete(id)
    }
    return { ...account, own: store.get(account.currency) }
  }

  /**
   * An offer the loop placed from IBRR's plan: its model wait is kept with it, and it joins the view the
   * next cycle compares with, so an offer that fills before the next read is seen filling (not only the
   * loan appearing) — else the fastest fills would be the ones never recorded.
   */
  placed(currency: Currency, offer: Offer, planned: PlannedOffer): void {
    const key = `${this.mode()}:${currency}`
    const prev = this.previous.get(key)
    if (prev && !prev.offers.some((o) => o.id === offer.id)) this.previous.set(key, { offers: [...prev.offers, offer], loans: prev.loans })
    if (offer.type !== 'LIMIT' || planned.expectedWaitMinutes === undefined) return
    let byId = this.expected.get(key)
    if (!byId) this.expected.set(key, (byId = new Map()))
    byId.set(offer.id, planned.expectedWaitMinutes)
  }

  /** The dashboard's sentence for one currency in the current mode, as of `now`. */
  describe(currency: Currency, now: number): string {
    const sums = this.stores[this.mode()].get(currency).sums ?? null
    return describeFillModel({ ownFills: sums?.filledCount ?? 0, ownLoans: sums?.closedCount ?? 0, waitScale: waitScaleOf(sums, now), waitScaleOffers: sums?.scaleCount ?? 0 })
  }

  /** Persist what this cycle recorded: called once per cycle. */
  flush(): void {
    this.stores.live.flush()
    this.stores.paper.flush()
  }
}
