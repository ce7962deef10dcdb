// What to do once the core is ready: show the window or stay in the tray, resume the loop or not, and
// whether the user must be told the vault is waiting for a passphrase (never fail silently).
import type { ServiceStatus, VaultStatus } from '../../shared/contract'
import { needsPassphrase } from './trayModel'

interface StartupPlan {
  showWindow: boolean
  /** Start the loop again because it was running when the app last closed. */
  resume: boolean
  /** Live mode, key stored but locked: say so in the tray and a notification, and wait for the user. */
  askForPassphrase: boolean
}

export function startupPlan(opts: {
  atLogin: boolean
  wasRunningAtLastExit: boolean
  status: Pick<ServiceStatus, 'state' | 'mode'>
  vault: Pick<VaultStatus, 'stored' | 'locked'> | null
}): StartupPlan {
  const locked = needsPassphrase(opts)
  const wantsResume = opts.atLogin && opts.wasRunningAtLastExit && opts.status.state !== 'running'
  return {
    showWindow: !opts.atLogin,
    resume: wantsResume && !locked,
    askForPassphrase: wantsResume && locked
  }
}

/** The sentence shown when the loop cannot resume until the passphrase is entered. */
export const PASSPHRASE_NEEDED_MESSAGE =
  'LendPace was lending when it last closed, but your key is locked. Open LendPace and enter your passphrase to resume.'
