// Shows the notifications notificationRules chose, through Electron's Notification; a click opens the dashboard.
import { Notification } from 'electron'
import type { DesktopNotification } from './notificationRules'

// A Notification that is garbage-collected loses its click handler; hold each one until it closes.
const live = new Set<Notification>()

export function showNotification(n: Pick<DesktopNotification, 'title' | 'body'>, onClick: () => void): boolean {
  if (!Notification.isSupported()) return false
  const notification = new Notification({ title: n.title, body: n.body })
  live.add(notification)
  notification.on('click', onClick)
  notification.on('close', () => live.delete(notification))
  notification.show()
  return true
}
