// The contract channels the desktop answers differently from the core: THE one table of them. Every
// other channel is the core's own handler. A desktop-only channel (one that needs Electron: a dialog,
// the updater, the login item) gets its line here, and the boot test checks what it answers.
import type { ContractHandlers, VaultStatus } from '../../shared/contract'
import type { Settings } from '../../shared/settings'
import type { UpdateController } from './updateController'

export interface DesktopHandlerDeps {
  updates: Pick<UpdateController, 'state' | 'restartToUpdate'>
  /** Make start-on-login follow the saved setting. */
  syncAutostart: (enabled: boolean) => Promise<void>
  /** After every unlock attempt, with the vault's new state (resume, tray). */
  vaultUnlocked: (vault: VaultStatus) => Promise<void>
  /** The folder dialog's channels over the core's (backtestFolderPicker.ts). */
  backtestFolders: { handlers(core: ContractHandlers): Partial<ContractHandlers> }
}

/** The desktop's handlers, by name: each either extends the core's (runs it, then a desktop follow-up) or replaces it. */
export function desktopHandlerTable(core: ContractHandlers, deps: DesktopHandlerDeps) {
  return {
    /** Extends: the login item follows the saved `startOnLogin`. */
    updateSettings: async (patch) => {
      const settings: Settings = await core.updateSettings(patch)
      await deps.syncAutostart(settings.startOnLogin)
      return settings
    },
    /** Extends: an unlock may resume the loop that was waiting for it, and redraws the tray. */
    unlockVault: async (req) => {
      const vault = await core.unlockVault(req)
      await deps.vaultUnlocked(vault)
      return vault
    },
    /** Replaces: only the desktop updates itself (the core alone says it does not). */
    getUpdateState: async () => deps.updates.state(),
    /** Replaces: the restart hands lending over like a quit. */
    restartToUpdate: () => deps.updates.restartToUpdate(),
    /**
     * Replaces listBacktestFolders and chooseBacktestFolder (the native folder dialog); extends
     * checkBacktestFolder and runBacktest: they read only folders the user picked in it.
     */
    ...deps.backtestFolders.handlers(core)
  } satisfies Partial<ContractHandlers>
}

/** Every channel, with the desktop's table over the core's handlers. */
export const withDesktopHandlers = (core: ContractHandlers, deps: DesktopHandlerDeps): ContractHandlers => ({
  ...core,
  ...desktopHandlerTable(core, deps)
})
