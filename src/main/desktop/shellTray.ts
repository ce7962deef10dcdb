// The tray as the running desktop drives it: it follows the loop's status, the vault's lock, the network
// and the update state, and runs the menu's actions. With no tray on this desktop (some Linux sessions)
// it is simply absent and the window stays the way back.
import type { ServiceStatus, UpdateState, VaultStatus } from '../../shared/contract'
import type { AppCore } from '../core/appCore'
import type { Logger } from '../platform/logger'
import { createTrayController, type TrayController } from './trayController'
import type { TrayAction, TrayState } from './trayModel'

/** What each menu item does; the tray redraws after every action, whether it worked or not. */
export type TrayActions = Record<TrayAction, () => unknown>

export interface ShellTray {
  /** Read the vault and draw the tray; until then the tray is absent. */
  open(): Promise<void>
  readonly available: boolean
  /** The vault's lock state as last read (null when it could not be read). */
  readonly vault: VaultStatus | null
  refresh(): void
  statusChanged(status: ServiceStatus): void
  vaultChanged(vault: VaultStatus): void
}

export function createShellTray(opts: {
  core: Pick<AppCore, 'status' | 'handlers'>
  logger: Logger
  online: () => boolean
  update: () => UpdateState
  actions: TrayActions
  onClick: () => void
}): ShellTray {
  const { core, logger } = opts
  let controller: TrayController | null = null
  let vault: VaultStatus | null = null
  let lastStatus: ServiceStatus | null = null

  const state = (): TrayState => ({ status: lastStatus ?? core.status(), vault, online: opts.online(), update: opts.update() })
  const refresh = (): void => controller?.update(state())

  async function readVault(): Promise<VaultStatus | null> {
    try {
      return await core.handlers.getVaultStatus(undefined)
    } catch (err) {
      logger.log('warn', 'could not read the vault status', { error: String(err) })
      return null
    }
  }

  async function runAction(action: TrayAction): Promise<void> {
    try {
      await opts.actions[action]()
    } catch (err) {
      logger.log('error', `tray action ${action} failed`, { error: String(err) })
    }
    refresh()
  }

  return {
    async open() {
      vault = await readVault()
      lastStatus = core.status()
      controller = createTrayController({
        initial: state(),
        onAction: (action) => void runAction(action),
        onClick: opts.onClick,
        onError: (err) => logger.log('warn', 'no system tray; closing the window will quit', { error: String(err) })
      })
    },
    get available() {
      return controller !== null
    },
    get vault() {
      return vault
    },
    refresh,
    statusChanged(status) {
      lastStatus = status
      // The vault's lock state changes with unlock and key changes, which also move the status.
      void readVault().then((read) => {
        vault = read
        refresh()
      })
      refresh()
    },
    vaultChanged(next) {
      vault = next
      refresh()
    }
  }
}
