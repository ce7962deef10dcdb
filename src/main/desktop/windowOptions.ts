// The BrowserWindow's options. Kept as plain data so a test can assert every security switch
// (docs/architecture.md, security rules: contextIsolation, sandbox, no nodeIntegration, webSecurity, nothing remote).
import type { BrowserWindowConstructorOptions } from 'electron'

export function mainWindowOptions(opts: {
  preloadPath: string
  /** Opened at login: start hidden in the tray. */
  show: boolean
  /** A packaged build has no DevTools: nobody can open a console inside the window that talks to the key. */
  packaged: boolean
}): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 860,
    minHeight: 600,
    title: 'LendPace',
    show: opts.show,
    autoHideMenuBar: true,
    backgroundColor: '#10151c',
    webPreferences: {
      preload: opts.preloadPath,
      devTools: !opts.packaged,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true
    }
  }
}
