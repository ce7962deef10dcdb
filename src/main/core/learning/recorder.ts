// The thin recorder between the loop and IBRR's learning: every cycle it compares the account with the
// previous cycle's, stores the new observations (in the record of the current mode) and hands plan()
// the account with the user's own history attached.
import type { AccountState, Currency, Offer, PlannedOffer } from '../../../shared/domain'
import { describeFillRecord } from '../../ibrr'
import { LoanTracker } from '../earnings/loanTracker'
import { diffAccount, type AccountView } from './accountDiff'
import type { OwnHistoryStore } from './ownHistoryStore'

export type Mode = 'live' | 'paper'

export class FillRecorder {
  private readonly previous = new Map<string, AccountView>()
  // Its own tracker: the earnings one is driven by the dashboard's reads, at other moments.
  private readonly loans = new LoanTracker()

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
    if (prev) {
      const { fills, lives } = diffAccount(account.currency, prev, next, returned, now, (id) => store.expectedWait(account.currency, id))
      store.add(fills, lives)
    }
    // Offers no longer open have been learned from: their expected waits are not needed again.
    store.keepExpected(account.currency, new Set(account.offers.map((o) => o.id)))
    return { ...account, own: store.get(account.currency) }
  }

  /**
   * An offer the loop placed from IBRR's plan: its model wait is kept with it in the mode's record (on
   * disk with the cycle, so a fill after a restart still counts for the wait scale), and it joins the view the
   * next cycle compares with, so an offer that fills before the next read is seen filling (not only the
   * loan appearing) — else the fastest fills would be the ones never recorded.
   */
  placed(currency: Currency, offer: Offer, planned: PlannedOffer): void {
    const key = `${this.mode()}:${currency}`
    const prev = this.previous.get(key)
    if (prev && !prev.offers.some((o) => o.id === offer.id)) this.previous.set(key, { offers: [...prev.offers, offer], loans: prev.loans })
    if (offer.type !== 'LIMIT' || planned.expectedWaitMinutes === undefined) return
    this.stores[this.mode()].expectWait(currency, offer.id, planned.expectedWaitMinutes)
  }

  /** The dashboard's sentence for one currency in the current mode, as of `now`. */
  describe(currency: Currency, now: number): string {
    return describeFillRecord(this.stores[this.mode()].get(currency).sums ?? null, now)
  }

  /** Persist what this cycle recorded: called once per cycle. */
  flush(): void {
    this.stores.live.flush()
    this.stores.paper.flush()
  }
}
