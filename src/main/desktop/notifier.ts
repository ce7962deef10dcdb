// Electron's Notification behind the notifier (heldNotifications.ts, which holds a bounded number of them).
import { Notification } from 'electron'
import { createNotifier } from './heldNotifications'

export const { show: showNotification } = createNotifier(Notification)
