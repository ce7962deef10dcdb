// Lending resumes as it was when the app last closed: at login straight away, or, when the vault was
// locked then, as soon as the user unlocks it. A failed resume is logged and shown, never thrown.
import type { VaultStatus } from '../../shared/contract'
import type { AppCore } from '../core/appCore'
import type { Logger } from '../platform/logger'

export interface LoopResume {
  /** Start the loop now. */
  resume(why: string): Promise<void>
  /** Started at login while the vault was locked: resume on the next successful unlock. */
  resumeAfterUnlock(): void
  /** The vault was unlocked (or the unlock failed): resume when one was waiting for it. */
  vaultUnlocked(vault: VaultStatus): Promise<void>
}

export function createLoopResume(opts: { core: Pick<AppCore, 'start'>; logger: Logger; attention: (message: string) => void }): LoopResume {
  let waitingForUnlock = false
  const resume = async (why: string): Promise<void> => {
    opts.logger.log('info', why)
    try {
      await opts.core.start()
    } catch (err) {
      opts.logger.log('error', 'could not resume the loop', { error: String(err) })
      opts.attention('LendPace could not resume lending at login. Open it to see why.')
    }
  }
  return {
    resume,
    resumeAfterUnlock() {
      waitingForUnlock = true
    },
    async vaultUnlocked(vault) {
      if (!waitingForUnlock || vault.locked) return
      waitingForUnlock = false
      await resume('vault unlocked: resuming the loop as it was before the app closed')
    }
  }
}
