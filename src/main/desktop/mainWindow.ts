// The dashboard window: locked-down options (windowOptions), our page loaded over app:// or from the
// dev server, and closing hides it to the tray instead of quitting.
import { BrowserWindow } from 'electron'
import { pageUrl, type AppLocation } from './appLocation'
import { mainWindowOptions } from './windowOptions'

export function createMainWindow(opts: {
  location: AppLocation
  preloadPath: string
  show: boolean
  packaged: boolean
  /** Asked on every close: 'hide' keeps the app in the tray. */
  closeAction: () => 'hide' | 'close'
  onLoadFailed: (err: unknown) => void
}): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions({ preloadPath: opts.preloadPath, show: false, packaged: opts.packaged }))
  win.removeMenu()
  if (opts.show) win.once('ready-to-show', () => win.show())
  win.on('close', (event) => {
    if (opts.closeAction() === 'hide') {
      event.preventDefault()
      win.hide()
    }
  })
  win.loadURL(pageUrl(opts.location)).catch(opts.onLoadFailed)
  return win
}
