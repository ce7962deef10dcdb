// Loan lives LendPace did not see end: a loan open when the account was last seen before this run and
// gone at the first read after it was returned some time in between. Its life is known only to be at
// least (last seen − opened), so it is recorded as a censored ('open') observation at that length —
// exposure without an event, which is what IBRR's estimator does with a life still running — never as
// a closed life of a guessed length.
import type { Currency, LifeObservation, Loan } from '../../../shared/domain'

const DAY_MS = 86_400_000

export function unseenReturnLives(currency: Currency, returned: readonly Loan[], lastSeenAt: number): LifeObservation[] {
  return returned
    .filter((l) => l.openedAt <= lastSeenAt)
    .map((l) => ({ currency, period: l.period, lifeDays: Math.min(l.period, (lastSeenAt - l.openedAt) / DAY_MS), outcome: 'open' as const, at: lastSeenAt }))
}
