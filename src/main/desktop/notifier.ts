// Shows the notifications notificationRules chose, through Electron's Notification; a click opens the dashboard.
import { Notification } from 'electron'
import type { DesktopNotification } from './notificationRules'

// A Notification that is garbage-collected loses its click handler, so recent ones are held. Not until
// 'close': Electron does not promise that event on every platform (a notification moved to the action
// centre may never send it), and holding each one until then grows for as long as the app runs. The
// newest MAX_HELD are held; an older one is let go (its click may then do nothing: it is old news).
const MAX_HELD = 10
const held: Notification[] = []

const release = (n: Notification): void => {
  const i = held.indexOf(n)
  if (i >= 0) held.splice(i, 1)
}

export function showNotification(n: Pick<DesktopNotification, 'title' | 'body'>, onClick: () => void): boolean {
  if (!Notification.isSupported()) return false
  const notification = new Notification({ title: n.title, body: n.body })
  held.push(notification)
  if (held.length > MAX_HELD) held.shift()
  notification.on('click', () => {
    release(notification)
    onClick()
  })
  notification.on('close', () => release(notification))
  notification.show()
  return true
}
