// The app's life before and around the window: refuse debugging switches, keep one instance (the one
// that owns the key and the loop), run the desktop once Electron is ready, and answer the app events
// (a second launch, the dock icon, quitting, the last window closing).
import { app, dialog } from 'electron'
import { launchedAtLogin } from './autostart'
import { forbiddenDebugSwitches } from './debugSwitches'
import type { QuitGuard } from './quitGuard'

/** Start `run` once Electron is ready, unless this launch must not run at all. */
export function startSingleInstance(run: () => Promise<void>): void {
  const debugSwitches = forbiddenDebugSwitches({ argv: process.argv, isPackaged: app.isPackaged, hasSwitch: (n) => app.commandLine.hasSwitch(n) })
  if (debugSwitches.length > 0) {
    process.stderr.write(`LendPace does not start with debugging switches (${debugSwitches.join(', ')}): they would expose the window that uses your API key.\n`)
    app.exit(1)
  } else if (!app.requestSingleInstanceLock()) {
    // Another LendPace owns the key and the loop; it will show its window (second-instance below).
    app.quit()
  } else {
    app.setAppUserModelId('app.lendpace.desktop')
    app
      .whenReady()
      .then(run)
      .catch((err: unknown) => {
        // Nothing else can show it yet (no window, maybe no tray): a plain OS dialog, then stop.
        dialog.showErrorBox('LendPace could not start', err instanceof Error ? err.message : String(err))
        app.exit(1)
      })
  }
}

/** Whether this process was started by the OS at login (then it stays in the tray). */
export const startedAtLogin = (): boolean =>
  launchedAtLogin({
    argv: process.argv,
    platform: process.platform,
    wasOpenedAtLogin: process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin
  })

/** The app events of a running desktop. */
export function watchAppEvents(opts: { showWindow: () => void; hasTray: () => boolean; quitGuard: QuitGuard }): void {
  app.on('second-instance', (_event, argv) => {
    // A login-item launch while we already run (e.g. after a crash restart) stays in the tray.
    if (!launchedAtLogin({ argv, platform: process.platform, wasOpenedAtLogin: false })) opts.showWindow()
  })
  app.on('activate', () => opts.showWindow())
  app.on('before-quit', (event) => opts.quitGuard.onBeforeQuit(event))
  app.on('window-all-closed', () => {
    // With a tray the app lives on; without one, the last window closing is the user's quit.
    if (!opts.hasTray()) app.quit()
  })
}
