// The Electron entry: only wiring. Each job has its own module under ./desktop (app lifecycle, window,
// tray, notifications, the desktop's handler table, quit handoff, updates, power events, start on login);
// this file creates them in order and connects them.
import { release } from 'node:os'
import { join } from 'node:path'
import { app, dialog, ipcMain, net, protocol, safeStorage, session } from 'electron'
import type { CurrencySummary, EventOf, ServiceStatus } from '../shared/contract'
import { runBacktest } from './backtest'
import type { AppCore } from './core/appCore'
import { createAppCore } from './core/createAppCore'
import { createFileLogger, createRedactor } from './core/logging'
import { excludeMemoryFromCoreDumps } from './core/vault'
import type { Logger } from './platform/logger'
import { startedAtLogin, startSingleInstance, watchAppEvents } from './desktop/appLifecycle'
import { APP_SCHEME, appLocationFrom } from './desktop/appLocation'
import { APP_SCHEME_PRIVILEGES, appProtocolHandler } from './desktop/appProtocol'
import { syncAutostart } from './desktop/autostartSync'
import { createBacktestFolderPicker } from './desktop/backtestFolderPicker'
import { WakePolicy } from './desktop/connectivity'
import { withDesktopHandlers } from './desktop/desktopHandlers'
import { createDesktopNotifications } from './desktop/desktopNotifications'
import { createDesktopUpdates } from './desktop/desktopUpdates'
import { copyDiagnostics } from './desktop/diagnosticsCopy'
import { createElectronStoreBackend } from './desktop/electronStoreBackend'
import { hardenAllWebContents, hardenSession } from './desktop/hardening'
import { bindContract, forwardEvents } from './desktop/ipcBinding'
import { createLoopResume } from './desktop/loopResume'
import { watchPowerAndNetwork } from './desktop/powerEvents'
import { closeAction } from './desktop/quitGuard'
import { createQuitHandoff } from './desktop/quitHandoff'
import { createSafeStorageCipher } from './desktop/safeStorageCipher'
import { createShellTray } from './desktop/shellTray'
import { PASSPHRASE_NEEDED_MESSAGE, startupPlan } from './desktop/startupPlan'
import { createWindowManager } from './desktop/windowManager'

const location = appLocationFrom({
  devServerUrl: process.env['ELECTRON_RENDERER_URL'],
  isPackaged: app.isPackaged,
  rendererDir: join(__dirname, '../renderer')
})
// Before ready, as Electron requires: our page's own origin (app://lendpace), see desktop/appProtocol.ts.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
startSingleInstance(runDesktop)

async function runDesktop(): Promise<void> {
  const atLogin = startedAtLogin()
  // One redactor for the log file and the core, so the key is masked in every line either writes.
  const redactor = createRedactor()
  const logger = createFileLogger({ dir: app.getPath('logs'), redactor })
  logger.log('info', 'desktop starting', { version: app.getVersion(), atLogin, packaged: app.isPackaged, coreDumps: excludeMemoryFromCoreDumps() })
  const blocked = (what: string, url: string): void => logger.log('warn', `blocked ${what}`, { url })
  hardenAllWebContents(app, location, blocked)
  hardenSession(session.defaultSession, location)
  if (location.kind === 'app') protocol.handle(APP_SCHEME, appProtocolHandler(location, (url) => net.fetch(url)))

  const core = await createAppCore({
    dataDir: app.getPath('userData'),
    runBacktest,
    osCipher: createSafeStorageCipher(safeStorage, process.platform),
    logger,
    redactor,
    versions: {
      app: app.getVersion(),
      electron: process.versions.electron,
      chrome: process.versions.chrome,
      node: process.versions.node,
      os: `${process.platform} ${release()} (${process.arch})`
    },
    // The same files conf writes under plain Node, through electron-store inside Electron.
    storeBackend: (name) => createElectronStoreBackend({ cwd: app.getPath('userData'), name })
  })
  await runShell(core, logger, atLogin)
}

/** Connect the core to the window, the tray, notifications, the login item, updates and power events. */
async function runShell(core: AppCore, logger: Logger, atLogin: boolean): Promise<void> {
  const wake = new WakePolicy()
  const quitGuard = createQuitHandoff(core, logger)
  const window = createWindowManager({
    location,
    preloadPath: join(__dirname, '../preload/index.js'),
    packaged: app.isPackaged,
    closeAction: () => closeAction({ quitting: quitGuard.quitting, trayAvailable: tray.available }),
    logger
  })
  const notifications = createDesktopNotifications({ prefs: () => core.settings().notifications, onClick: () => window.show(), initialStatus: core.status() })
  const resume = createLoopResume({ core, logger, attention: (message) => notifications.attention(message) })
  const tray = createShellTray({
    core,
    logger,
    online: () => wake.isOnline,
    update: () => updates.state(),
    onClick: () => window.show(),
    actions: {
      start: () => core.start(),
      stop: () => core.stop(),
      openDashboard: () => window.show(),
      unlock: () => window.show(),
      copyDiagnostics: () => copyDiagnostics({ handlers: core.handlers, launchedAtLogin: atLogin, online: wake.isOnline, trayAvailable: tray.available }),
      restartToUpdate: () => updates.restartToUpdate(),
      quit: () => app.quit()
    }
  })

  const updates = createDesktopUpdates({
    logger,
    handOver: () => quitGuard.shutdownForRestart(),
    onChange: (state) => {
      window.sendEvent('update', state)
      tray.refresh()
    }
  })

  bindContract(
    ipcMain,
    withDesktopHandlers(core.handlers, {
      updates,
      syncAutostart: (enabled) => syncAutostart(enabled, logger),
      vaultUnlocked: async (vault) => {
        tray.vaultChanged(vault)
        // The unlock itself succeeded: a failed resume must not turn its reply into an error (resume never throws).
        await resume.vaultUnlocked(vault)
        tray.refresh()
      },
      backtestFolders: createBacktestFolderPicker({ dialog, parent: () => window.current(), storeDir: app.getPath('userData') })
    }),
    (event) => window.isTrustedSender(event)
  )
  forwardEvents(
    (listener) => core.subscribe(listener),
    () => window.sink(),
    (event, issue) => logger.log('warn', 'dropped an event that failed its schema', { event, issue })
  )
  core.subscribe((event, payload) => {
    if (event === 'status') {
      notifications.status(payload as ServiceStatus)
      tray.statusChanged(payload as ServiceStatus)
    } else if (event === 'account') notifications.account(payload as CurrencySummary[])
    else if (event === 'error') notifications.error(payload as EventOf<'error'>)
  })

  await tray.open()
  watchAppEvents({ showWindow: () => window.show(), hasTray: () => tray.available, quitGuard })
  watchPowerAndNetwork({ wake, logger, onOnlineChanged: () => tray.refresh(), runCycleNow: (reason) => core.runCycleNow(reason) })
  await syncAutostart(core.settings().startOnLogin, logger)
  updates.start()

  const plan = startupPlan({ atLogin, wasRunningAtLastExit: core.wasRunningAtLastExit(), status: core.status(), vault: tray.vault })
  if (plan.showWindow || !tray.available) window.show()
  if (plan.resume) await resume.resume('resuming the loop: it was running when the app last closed')
  if (plan.askForPassphrase) {
    logger.log('warn', 'cannot resume: the vault needs its passphrase')
    resume.resumeAfterUnlock()
    notifications.attention(PASSPHRASE_NEEDED_MESSAGE)
  }
  tray.refresh()
}
