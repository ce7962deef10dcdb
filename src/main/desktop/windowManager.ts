// The one dashboard window: created on first show and again after it was destroyed, brought back when
// hidden, the only target of events, and the only sender whose IPC calls are answered.
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron'
import { ipcChannelName, type EventName, type EventOf } from '../../shared/contract'
import { validateEvent } from '../core/rpc'
import type { Logger } from '../platform/logger'
import type { AppLocation } from './appLocation'
import type { EventSink } from './ipcBinding'
import { createMainWindow } from './mainWindow'
import { isTrustedFrame } from './senderPolicy'

export interface WindowManager {
  /** Open the dashboard, or bring it back (restore, show, focus). */
  show(): void
  /** Where events go while the window exists. */
  sink(): EventSink | null
  /** Send one event the core does not emit itself, after its schema check. */
  sendEvent<E extends EventName>(event: E, payload: EventOf<E>): void
  /** The window while it exists (the parent of a native dialog). */
  current(): BrowserWindow | null
  /** Only the top frame of our own page, in our own window. */
  isTrustedSender(event: IpcMainInvokeEvent): boolean
}

export function createWindowManager(opts: {
  location: AppLocation
  preloadPath: string
  packaged: boolean
  closeAction: () => 'hide' | 'close'
  logger: Logger
}): WindowManager {
  let window: BrowserWindow | null = null
  const alive = (): BrowserWindow | null => (window && !window.isDestroyed() ? window : null)

  return {
    show() {
      const win = alive()
      if (!win) {
        window = createMainWindow({
          location: opts.location,
          preloadPath: opts.preloadPath,
          show: true,
          packaged: opts.packaged,
          closeAction: opts.closeAction,
          onLoadFailed: (err) => opts.logger.log('error', 'the dashboard failed to load', { error: String(err) })
        })
        return
      }
      if (win.isMinimized()) win.restore()
      win.show()
      win.focus()
    },
    current: alive,
    sink() {
      const win = alive()
      return win ? (channel, payload) => win.webContents.send(channel, payload) : null
    },
    sendEvent(event, payload) {
      const checked = validateEvent(event, payload)
      const win = alive()
      if (checked.ok && win) win.webContents.send(ipcChannelName(event), checked.payload)
    },
    isTrustedSender(event) {
      const win = alive()
      if (!win || event.sender.id !== win.webContents.id) return false
      const frame = event.senderFrame
      return isTrustedFrame(frame ? { url: frame.url, isMainFrame: frame.parent === null } : null, opts.location)
    }
  }
}
