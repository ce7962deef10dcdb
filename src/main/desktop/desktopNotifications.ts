// The desktop's notifications: notificationRules decides what a status, account or error change is
// worth saying, the user's settings choose which kinds to show, the gate keeps repeats out, and a click
// opens the dashboard.
import type { CurrencySummary, EventOf, ServiceStatus } from '../../shared/contract'
import type { Settings } from '../../shared/settings'
import { attentionNotification, NotificationGate, notificationsFor, type DesktopNotification, type NotificationInput } from './notificationRules'
import { showNotification } from './notifier'

export interface DesktopNotifications {
  status(next: ServiceStatus): void
  account(next: CurrencySummary[]): void
  error(error: EventOf<'error'>): void
  /** Something the user must act on (a locked vault at login, a failed resume). */
  attention(message: string): void
}

export function createDesktopNotifications(opts: {
  prefs: () => Settings['notifications']
  onClick: () => void
  /** The status at launch: attention already needed then is announced by the startup plan, not again here. */
  initialStatus: ServiceStatus
}): DesktopNotifications {
  const gate = new NotificationGate()
  let lastStatus: ServiceStatus | null = opts.initialStatus
  let lastAccount: CurrencySummary[] | null = null

  const show = (notifications: DesktopNotification[]): void => {
    for (const n of notifications) {
      if (gate.admit(n, Date.now())) showNotification(n, opts.onClick)
    }
  }
  const notify = (input: NotificationInput): void => show(notificationsFor(input, opts.prefs()))

  return {
    status(next) {
      const prev = lastStatus
      lastStatus = next
      notify({ kind: 'status', prev, next })
    },
    account(next) {
      const prev = lastAccount
      lastAccount = next
      notify({ kind: 'account', prev, next, now: Date.now() })
    },
    error(error) {
      notify({ kind: 'error', error })
    },
    attention(message) {
      if (opts.prefs().needsAttention) show([attentionNotification(message)])
    }
  }
}
