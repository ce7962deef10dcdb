// The dashboard window: locked-down options (windowOptions), our page loaded from disk or the dev
// server, and closing hides it to the tray instead of quitting.
import { BrowserWindow } from 'electron'
import type { AppLocation } from './appLocation'
import { mainWindowOptions } from './windowOptions'

export function createMainWindow(opts: {
  location: AppLocation
  preloadPath: string
  show: boolean
  /** Asked on every close: 'hide' keeps the app in the tray. */
  closeAction: () => 'hide' | 'close'
  onLoadFailed: (err: unknown) => void
}): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions({ preloadPath: opts.preloadPath, show: false }))
  win.removeMenu()
  if (opts.show) win.once('ready-to-show', () => win.show())
  win.on('close', (event) => {
    if (opts.closeAction() === 'hide') {
      event.preventDefault()
      win.hide()
    }
  })
  const loading = opts.location.kind === 'devServer' ? win.loadURL(opts.location.origin) : win.loadFile(opts.location.indexPath)
  loading.catch(opts.onLoadFailed)
  return win
}
