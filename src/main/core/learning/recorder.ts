// The thin recorder between the loop and IBRR's learning: every cycle it compares the account with the
// previous cycle's, stores the new observations (in the record of the current mode) and hands plan()
// the account with the user's own history attached.
import type { AccountState, Currency } from '../../../shared/domain'
import { describeFillModel } from '../../ibrr'
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
      const { fills, lives } = diffAccount(account.currency, prev, next, returned, now)
      store.add(fills, lives)
    }
    return { ...account, own: store.get(account.currency) }
  }

  /** The dashboard's sentence for one currency in the current mode. */
  describe(currency: Currency): string {
    const sums = this.stores[this.mode()].get(currency).sums
    return describeFillModel({ ownFills: sums?.filledCount ?? 0, ownLoans: sums?.closedCount ?? 0 })
  }

  /** Persist what this cycle recorded: called once per cycle. */
  flush(): void {
    this.stores.live.flush()
    this.stores.paper.flush()
  }
}
