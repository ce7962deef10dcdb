// The decision log: every decision reaches the dashboard at once as an event, and is persisted in one
// write per cycle rather than one per decision (each write rewrites the history file atomically).
import type { Decision } from '../../shared/domain'
import type { Clock } from './clock'
import type { HistoryStore } from './storage'

export class DecisionLog {
  private pending: Decision[] = []
  private nextId = 0

  constructor(
    private readonly history: HistoryStore,
    private readonly clock: Clock,
    private readonly onDecision: (d: Decision) => void
  ) {}

  record(d: Omit<Decision, 'id' | 'at'>): void {
    const at = this.clock.now()
    const decision: Decision = { ...d, id: `${at}-${this.nextId++}`, at }
    this.pending.push(decision)
    this.onDecision(decision)
  }

  flush(): void {
    if (this.pending.length > 0) this.history.addDecisions(this.pending.splice(0))
  }

  /** Newest first, including what is not written yet. */
  list(limit: number): Decision[] {
    this.flush()
    return this.history.decisions(limit)
  }
}
