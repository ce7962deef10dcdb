// Which desktop notifications to show. Users asked for three things and nothing else: an offer filled,
// a loan returned with its interest, and an error only they can fix. Placements, cancels and routine
// errors stay in the app. Each kind can be switched off in settings.notifications.
import type { CurrencySummary, EventOf, ServiceStatus } from '../../shared/contract'
import { amountText as fmtAmount, diffLoans, estimatedNetInterest } from '../core/earnings/loanTracker'
import type { Settings } from '../../shared/settings'
import { NOTIFIED_KINDS } from '../../shared/errorKinds'
import { formatSentenceApr } from '../../shared/rate'

export type NotificationKind = keyof Settings['notifications']

export interface DesktopNotification {
  kind: NotificationKind
  title: string
  body: string
  /** Same key = same news; the gate uses it to avoid repeating itself. */
  key: string
}

export type NotificationInput =
  | { kind: 'account'; prev: CurrencySummary[] | null; next: CurrencySummary[]; now: number }
  | { kind: 'status'; prev: ServiceStatus | null; next: ServiceStatus }
  | { kind: 'error'; error: EventOf<'error'> }


const DAY_MS = 86_400_000
/** More fills than this in one update become one summary notification instead of a burst. */
const MAX_SEPARATE = 3

const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`

export { estimatedNetInterest }

function accountNotifications(prev: CurrencySummary[] | null, next: CurrencySummary[], now: number): DesktopNotification[] {
  // The first account seen is the baseline: loans already open then were not filled "just now".
  if (!prev) return []
  const out: DesktopNotification[] = []
  for (const after of next) {
    const before = prev.find((p) => p.currency === after.currency)
    if (!before) continue
    const c = after.currency
    // The same detection the activity history uses (core/earnings/loanTracker.ts).
    const { filled, returned } = diffLoans(before.loans, after.loans)
    if (filled.length > MAX_SEPARATE) {
      const total = filled.reduce((s, l) => s + l.amount, 0)
      out.push({
        kind: 'offerFilled',
        title: `${filled.length} offers filled`,
        body: `${fmtAmount(total, c)} newly lent.`,
        key: `filled:${c}:${filled.map((l) => l.id).join(',')}`
      })
    } else {
      for (const loan of filled) {
        out.push({
          kind: 'offerFilled',
          title: 'Offer filled',
          body: `${fmtAmount(loan.amount, c)} lent at ${formatSentenceApr(loan.rate)} before fee for ${days(loan.period)}.`,
          key: `filled:${loan.id}`
        })
      }
    }

    if (returned.length > MAX_SEPARATE) {
      const total = returned.reduce((s, l) => s + l.amount, 0)
      const interest = returned.reduce((s, l) => s + estimatedNetInterest(l, now), 0)
      out.push({
        kind: 'loanReturned',
        title: `${returned.length} loans returned`,
        body: `${fmtAmount(total, c)} back, with about ${fmtAmount(interest, c)} interest after Bitfinex's fee.`,
        key: `returned:${c}:${returned.map((l) => l.id).join(',')}`
      })
    } else {
      for (const loan of returned) {
        const heldDays = Math.max(1, Math.round((now - loan.openedAt) / DAY_MS))
        out.push({
          kind: 'loanReturned',
          title: 'Loan returned',
          body: `${fmtAmount(loan.amount, c)} back after ${days(heldDays)}, with about ${fmtAmount(estimatedNetInterest(loan, now), c)} interest after Bitfinex's fee.`,
          key: `returned:${loan.id}`
        })
      }
    }
  }
  return out
}

/** "LendPace needs you": keyed by its sentence, so the same problem is not announced twice. */
export function attentionNotification(message: string): DesktopNotification {
  return { kind: 'needsAttention', title: 'LendPace needs you', body: message, key: `attention:${message}` }
}

/** The notifications one change calls for, already filtered by the user's switches. */
export function notificationsFor(input: NotificationInput, prefs: Settings['notifications']): DesktopNotification[] {
  let found: DesktopNotification[]
  switch (input.kind) {
    case 'account':
      found = accountNotifications(input.prev, input.next, input.now)
      break
    case 'status':
      // Only the moment attention becomes needed, not every status while it stays needed.
      found = input.next.needsAttention && !input.prev?.needsAttention ? [attentionNotification(input.next.message)] : []
      break
    case 'error':
      found = NOTIFIED_KINDS.has(input.error.kind) ? [attentionNotification(input.error.message)] : []
      break
  }
  return found.filter((n) => prefs[n.kind])
}

/**
 * Keeps the desktop quiet: the same news is not repeated within `repeatMs`, and after one
 * "needs attention" notification other attention notifications wait `attentionBurstMs` (a revoked key
 * shows up as an error event and as a status change; the user needs to hear it once).
 */
export class NotificationGate {
  private shown = new Map<string, number>()
  private lastAttentionAt = -Infinity

  constructor(
    private readonly repeatMs = 6 * 3_600_000,
    private readonly attentionBurstMs = 120_000
  ) {}

  admit(n: DesktopNotification, now: number): boolean {
    const last = this.shown.get(n.key)
    if (last !== undefined && now - last < this.repeatMs) return false
    if (n.kind === 'needsAttention' && now - this.lastAttentionAt < this.attentionBurstMs) return false
    this.shown.set(n.key, now)
    if (n.kind === 'needsAttention') this.lastAttentionAt = now
    for (const [key, at] of this.shown) if (now - at >= this.repeatMs) this.shown.delete(key)
    return true
  }
}
