// The activity recorder: the loop's decisions and what happened to the money or was done by the user go
// into the history (folded when they repeat), and reach the dashboard at once as events. The history is
// written once per cycle (endCycle), not once per decision; listing never writes.
import type { ActivityEvent } from '../../shared/contract'
import type { Decision } from '../../shared/domain'
import type { ActivityInput, HistoryStore } from './storage'

export class DecisionLog {
  constructor(
    private readonly history: HistoryStore,
    private readonly onActivity: (e: ActivityEvent) => void,
    private readonly onDecision: (d: Decision) => void
  ) {}

  /** A decision of the loop (place, cancel, hold, info, error). */
  record(d: Omit<Decision, 'id' | 'at'>): void {
    const e = this.history.record(d)
    this.onActivity(e)
    // Only a decision's first occurrence is news for the decision feed; repeats grow the folded entry.
    if (e.count === 1) this.onDecision({ ...d, id: e.id, at: e.at })
  }

  /** What happened besides the loop's decisions: a fill, a return, a payment, a start, a settings change. */
  note(input: ActivityInput): void {
    this.onActivity(this.history.record(input))
  }

  /** The cycle ended: close folds that did not repeat and write the history (once per cycle). */
  flush(): void {
    this.history.endCycle()
  }

  /** Newest first, including what is not written yet. */
  list(limit: number): Decision[] {
    return this.history.decisions(limit)
  }
}
