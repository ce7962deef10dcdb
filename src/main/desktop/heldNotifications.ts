// Shows the notifications notificationRules chose, through a Notification constructor passed in
// (Electron's in the app, a fake in tests); a click runs the caller's action (open the dashboard).
//
// A notification that is garbage-collected loses its click handler, so recent ones are held. Not until
// 'close': Electron does not promise that event on every platform (a notification moved to the action
// centre may never send it), and holding each one until then grows for as long as the app runs. The
// newest `maxHeld` are held; an older one is let go (its click may then do nothing: it is old news).
import type { DesktopNotification } from './notificationRules'

/** What is used of one Electron Notification. */
export interface NotificationHandle {
  on(event: 'click' | 'close', listener: () => void): unknown
  show(): void
}

/** What is used of Electron's Notification class. */
interface NotificationPort {
  isSupported(): boolean
  new (options: { title: string; body: string }): NotificationHandle
}

export const MAX_HELD_NOTIFICATIONS = 10

interface Notifier {
  /** Show one; false when the system cannot show notifications. */
  show(n: Pick<DesktopNotification, 'title' | 'body'>, onClick: () => void): boolean
  /** How many are held now (at most the bound). */
  readonly held: number
}

export function createNotifier(port: NotificationPort, maxHeld = MAX_HELD_NOTIFICATIONS): Notifier {
  const held: NotificationHandle[] = []
  const release = (n: NotificationHandle): void => {
    const i = held.indexOf(n)
    if (i >= 0) held.splice(i, 1)
  }
  return {
    show(n, onClick) {
      if (!port.isSupported()) return false
      const notification = new port({ title: n.title, body: n.body })
      held.push(notification)
      if (held.length > maxHeld) held.shift()
      notification.on('click', () => {
        release(notification)
        onClick()
      })
      notification.on('close', () => release(notification))
      notification.show()
      return true
    },
    get held() {
      return held.length
    }
  }
}
