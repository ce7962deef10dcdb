// The Electron entry: wires the core to the window, the tray, notifications, login items and power
// events. Every decision lives in a small pure module under ./desktop; this file only connects them.
import { release } from 'node:os'
import { join } from 'node:path'
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  net,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  type IpcMainInvokeEvent
} from 'electron'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { ipcChannelName, type CurrencySummary, type EventOf, type ServiceStatus, type UpdateState, type VaultStatus } from '../shared/contract'
import type { AppCore } from './core/appCore'
import { systemClock } from './platform/clock'
import { runBacktest } from './backtest'
import { createAppCore } from './core/createAppCore'
import type { Logger } from './platform/logger'
import { createFileLogger, createRedactor } from './core/logging'
import { validateEvent } from './core/rpc'
import { excludeMemoryFromCoreDumps } from './core/vault'
import { APP_SCHEME, appLocationFrom } from './desktop/appLocation'
import { APP_SCHEME_PRIVILEGES, appProtocolHandler } from './desktop/appProtocol'
import { applyAutostart, autostartPlan, launchedAtLogin } from './desktop/autostart'
import { WakePolicy } from './desktop/connectivity'
import { forbiddenDebugSwitches } from './desktop/debugSwitches'
import { createElectronStoreBackend } from './desktop/electronStoreBackend'
import { composeDiagnostics } from './desktop/diagnostics'
import { hardenAllWebContents, hardenSession } from './desktop/hardening'
import { createBacktestFolderPicker } from './desktop/backtestFolderPicker'
import { bindContract, forwardEvents } from './desktop/ipcBinding'
import { createMainWindow } from './desktop/mainWindow'
import {
  attentionNotification,
  NotificationGate,
  notificationsFor,
  type DesktopNotification,
  type NotificationInput
} from './desktop/notificationRules'
import { showNotification } from './desktop/notifier'
import { closeAction, createQuitGuard } from './desktop/quitGuard'
import { createSafeStorageCipher } from './desktop/safeStorageCipher'
import { isTrustedFrame } from './desktop/senderPolicy'
import { PASSPHRASE_NEEDED_MESSAGE, startupPlan } from './desktop/startupPlan'
import { createTrayController, type TrayController } from './desktop/trayController'
import { electronUpdaterPort, readUpdateFeed } from './desktop/electronUpdater'
import { createUpdateController, updatePolicy, type UpdateController } from './desktop/updateController'
import type { TrayAction, TrayState } from './desktop/trayModel'

/** How often to ask the OS whether we are online: the main process has no online/offline event. */
const NETWORK_POLL_MS = 10_000

const location = appLocationFrom({
  devServerUrl: process.env['ELECTRON_RENDERER_URL'],
  isPackaged: app.isPackaged,
  rendererDir: join(__dirname, '../renderer')
})
// Before ready, as Electron requires: our page's own origin (app://lendpace), see desktop/appProtocol.ts.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
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
    .then(runDesktop)
    .catch((err: unknown) => {
      // Nothing else can show it yet (no window, maybe no tray): a plain OS dialog, then stop.
      dialog.showErrorBox('LendPace could not start', err instanceof Error ? err.message : String(err))
      app.exit(1)
    })
}

async function runDesktop(): Promise<void> {
  const atLogin = launchedAtLogin({
    argv: process.argv,
    platform: process.platform,
    wasOpenedAtLogin: process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin
  })
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

  const shell = new DesktopShell(core, logger, atLogin)
  await shell.start()
}

class DesktopShell {
  private window: BrowserWindow | null = null
  private tray: TrayController | null = null
  private vault: VaultStatus | null = null
  private lastStatus: ServiceStatus | null = null
  private lastAccount: CurrencySummary[] | null = null
  /** Started at login while the vault was locked: resume as soon as the user unlocks it. */
  private resumeAfterUnlock = false
  private readonly gate = new NotificationGate()
  private readonly wake = new WakePolicy()
  private readonly quitGuard
  private readonly updates: UpdateController

  constructor(
    private readonly core: AppCore,
    private readonly logger: Logger,
    private readonly atLogin: boolean
  ) {
    this.quitGuard = createQuitGuard({
      shutdown: () => core.shutdown(),
      quit: () => app.quit(),
      clock: systemClock,
      onError: (err) => logger.log('error', 'shutdown failed', { error: String(err) }),
      onTimeout: () => logger.log('warn', 'shutdown took too long; quitting anyway')
    })
    // Signed releases only (updatePolicy); the restart hands lending over exactly like a quit.
    const policy = updatePolicy({
      isPackaged: app.isPackaged,
      platform: process.platform,
      feed: readUpdateFeed(join(process.resourcesPath, 'app-update.yml'))
    })
    this.updates = createUpdateController({
      port: policy.enabled ? electronUpdaterPort() : null,
      disabledReason: policy.enabled ? undefined : policy.reason,
      clock: systemClock,
      logger,
      handOver: () => this.quitGuard.shutdownForRestart(),
      onChange: (state) => this.onUpdateState(state)
    })
  }

  async start(): Promise<void> {
    const { core, logger } = this
    const backtestFolders = createBacktestFolderPicker({ dialog, parent: () => this.window, storeDir: app.getPath('userData') })
    bindContract(ipcMain, backtestFolders.handlers(this.desktopHandlers()), (event) => this.isTrustedSender(event))
    forwardEvents(
      (listener) => core.subscribe(listener),
      () => {
        const win = this.window
        return win && !win.isDestroyed() ? (channel, payload) => win.webContents.send(channel, payload) : null
      },
      (event, issue) => logger.log('warn', 'dropped an event that failed its schema', { event, issue })
    )
    core.subscribe((event, payload) => {
      if (event === 'status') this.onStatus(payload as ServiceStatus)
      else if (event === 'account') this.onAccount(payload as CurrencySummary[])
      else if (event === 'error') this.notify({ kind: 'error', error: payload as EventOf<'error'> })
    })

    this.vault = await this.readVault()
    this.lastStatus = core.status()
    this.tray = createTrayController({
      initial: this.trayState(),
      onAction: (action) => void this.onTrayAction(action),
      onClick: () => this.showWindow(),
      onError: (err) => logger.log('warn', 'no system tray; closing the window will quit', { error: String(err) })
    })

    app.on('second-instance', (_event, argv) => {
      // A login-item launch while we already run (e.g. after a crash restart) stays in the tray.
      if (!launchedAtLogin({ argv, platform: process.platform, wasOpenedAtLogin: false })) this.showWindow()
    })
    app.on('activate', () => this.showWindow())
    app.on('before-quit', (event) => this.quitGuard.onBeforeQuit(event))
    app.on('window-all-closed', () => {
      // With a tray the app lives on; without one, the last window closing is the user's quit.
      if (!this.tray) app.quit()
    })
    this.watchPowerAndNetwork()
    await this.syncAutostart(core.settings().startOnLogin)
    this.updates.start()

    const plan = startupPlan({
      atLogin: this.atLogin,
      wasRunningAtLastExit: core.wasRunningAtLastExit(),
      status: core.status(),
      vault: this.vault
    })
    if (plan.showWindow || !this.tray) this.showWindow()
    if (plan.resume) await this.resumeLoop('resuming the loop: it was running when the app last closed')
    if (plan.askForPassphrase) {
      logger.log('warn', 'cannot resume: the vault needs its passphrase')
      this.resumeAfterUnlock = true
      this.showAttention(PASSPHRASE_NEEDED_MESSAGE)
    }
    this.refreshTray()
  }

  /** The core's handlers, with the desktop's own follow-ups (start on login) after a settings change. */
  private desktopHandlers(): AppCore['handlers'] {
    const handlers = this.core.handlers
    return {
      ...handlers,
      updateSettings: async (patch) => {
        const settings = await handlers.updateSettings(patch)
        await this.syncAutostart(settings.startOnLogin)
        return settings
      },
      getUpdateState: async () => this.updates.state(),
      restartToUpdate: () => this.updates.restartToUpdate(),
      unlockVault: async (req) => {
        const vault = await handlers.unlockVault(req)
        this.vault = vault
        if (this.resumeAfterUnlock && !vault.locked) {
          this.resumeAfterUnlock = false
          // The unlock itself succeeded: a failed resume must not turn its reply into an error.
          await this.resumeLoop('vault unlocked: resuming the loop as it was before the app closed')
        }
        this.refreshTray()
        return vault
      }
    }
  }

  /** Only the top frame of our own page, in our own window. */
  private isTrustedSender(event: IpcMainInvokeEvent): boolean {
    const win = this.window
    if (!win || win.isDestroyed() || event.sender.id !== win.webContents.id) return false
    const frame = event.senderFrame
    return isTrustedFrame(frame ? { url: frame.url, isMainFrame: frame.parent === null } : null, location)
  }

  private showWindow(): void {
    if (!this.window || this.window.isDestroyed()) {
      this.window = createMainWindow({
        location,
        preloadPath: join(__dirname, '../preload/index.js'),
        show: true,
        packaged: app.isPackaged,
        closeAction: () => closeAction({ quitting: this.quitGuard.quitting, trayAvailable: this.tray !== null }),
        onLoadFailed: (err) => this.logger.log('error', 'the dashboard failed to load', { error: String(err) })
      })
      return
    }
    if (this.window.isMinimized()) this.window.restore()
    this.window.show()
    this.window.focus()
  }

  private async onTrayAction(action: TrayAction): Promise<void> {
    try {
      switch (action) {
        case 'start':
          await this.core.start()
          break
        case 'stop':
          await this.core.stop()
          break
        case 'openDashboard':
        case 'unlock':
          this.showWindow()
          break
        case 'copyDiagnostics':
          await this.copyDiagnostics()
          break
        case 'restartToUpdate':
          await this.updates.restartToUpdate()
          break
        case 'quit':
          app.quit()
          break
      }
    } catch (err) {
      this.logger.log('error', `tray action ${action} failed`, { error: String(err) })
    }
    this.refreshTray()
  }

  private async copyDiagnostics(): Promise<void> {
    let core: { text: string } | { error: string }
    try {
      core = await this.core.handlers.getDiagnostics(undefined)
    } catch (err) {
      core = { error: err instanceof Error ? err.message : String(err) }
    }
    const text = composeDiagnostics(
      {
        appVersion: app.getVersion(),
        versions: process.versions,
        platform: process.platform,
        arch: process.arch,
        osRelease: release(),
        packaged: app.isPackaged,
        launchedAtLogin: this.atLogin,
        online: this.wake.isOnline,
        trayAvailable: this.tray !== null,
        safeStorageBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null
      },
      core
    )
    clipboard.writeText(text)
    showNotification({ title: 'Diagnostics copied', body: 'Paste them into your support request.' }, () => {})
  }

  private onStatus(status: ServiceStatus): void {
    const prev = this.lastStatus
    this.lastStatus = status
    this.notify({ kind: 'status', prev, next: status })
    // The vault's lock state changes with unlock and key changes, which also move the status.
    void this.readVault().then((vault) => {
      this.vault = vault
      this.refreshTray()
    })
    this.refreshTray()
  }

  /** The window hears of update changes as a contract event; the tray redraws its menu. */
  private onUpdateState(state: UpdateState): void {
    const checked = validateEvent('update', state)
    const win = this.window
    if (checked.ok && win && !win.isDestroyed()) win.webContents.send(ipcChannelName('update'), checked.payload)
    this.refreshTray()
  }

  private onAccount(account: CurrencySummary[]): void {
    const prev = this.lastAccount
    this.lastAccount = account
    this.notify({ kind: 'account', prev, next: account, now: Date.now() })
  }

  /** Start the loop again as it was when the app last closed; a failure is logged and shown, never thrown. */
  private async resumeLoop(why: string): Promise<void> {
    this.logger.log('info', why)
    try {
      await this.core.start()
    } catch (err) {
      this.logger.log('error', 'could not resume the loop', { error: String(err) })
      this.showAttention('LendPace could not resume lending at login. Open it to see why.')
    }
  }

  private notify(input: NotificationInput): void {
    this.show(notificationsFor(input, this.core.settings().notifications))
  }

  private showAttention(message: string): void {
    if (this.core.settings().notifications.needsAttention) this.show([attentionNotification(message)])
  }

  private show(notifications: DesktopNotification[]): void {
    for (const n of notifications) {
      if (this.gate.admit(n, Date.now())) showNotification(n, () => this.showWindow())
    }
  }

  private async readVault(): Promise<VaultStatus | null> {
    try {
      return await this.core.handlers.getVaultStatus(undefined)
    } catch (err) {
      this.logger.log('warn', 'could not read the vault status', { error: String(err) })
      return null
    }
  }

  private trayState(): TrayState {
    return { status: this.lastStatus ?? this.core.status(), vault: this.vault, online: this.wake.isOnline, update: this.updates.state() }
  }

  private refreshTray(): void {
    this.tray?.update(this.trayState())
  }

  private watchPowerAndNetwork(): void {
    const observe = (event: Parameters<WakePolicy['observe']>[0]): void => {
      const decision = this.wake.observe(event, Date.now())
      if (decision.onlineChanged !== null) {
        this.logger.log('info', decision.onlineChanged ? 'network back online' : 'network offline')
        this.refreshTray()
      }
      if (decision.runCycle) this.core.runCycleNow(decision.runCycle)
    }
    observe({ kind: 'online', online: net.isOnline() })
    powerMonitor.on('suspend', () => this.logger.log('info', 'system going to sleep'))
    powerMonitor.on('resume', () => {
      // Ask the network first, so a resume while still offline waits for the network instead.
      observe({ kind: 'online', online: net.isOnline() })
      observe({ kind: 'resume' })
    })
    const poll = setInterval(() => observe({ kind: 'online', online: net.isOnline() }), NETWORK_POLL_MS)
    app.on('will-quit', () => clearInterval(poll))
  }

  private async syncAutostart(enabled: boolean): Promise<void> {
    const plan = autostartPlan({
      enabled,
      platform: process.platform,
      isPackaged: app.isPackaged,
      execPath: process.execPath,
      appPath: app.getAppPath(),
      env: process.env,
      homeDir: app.getPath('home')
    })
    try {
      await applyAutostart(plan, {
        setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
        mkdir: async (path) => void (await mkdir(path, { recursive: true })),
        writeFile: (path, content) => writeFile(path, content, { encoding: 'utf8', mode: 0o644 }),
        removeFile: (path) => rm(path, { force: true })
      })
    } catch (err) {
      this.logger.log('warn', 'could not update start-on-login', { error: String(err) })
    }
  }
}
