// What the tray shows, decided from state alone: which icon, which tooltip, which menu items.
// trayController.ts turns this model into Electron's Tray and Menu.
import type { ServiceStatus, UpdateState, VaultStatus } from '../../shared/contract'

export type TrayIconState = 'running' | 'stopped' | 'attention'

export type TrayAction = 'start' | 'stop' | 'openDashboard' | 'unlock' | 'copyDiagnostics' | 'restartToUpdate' | 'quit'

export type TrayMenuItem =
  | { kind: 'item'; id: TrayAction; label: string; enabled: boolean }
  | { kind: 'info'; label: string }
  | { kind: 'separator' }

export interface TrayState {
  status: ServiceStatus
  /** null until the vault has been read once. */
  vault: Pick<VaultStatus, 'stored' | 'locked'> | null
  online: boolean
  /** The self-update; "Restart to update" appears once one is downloaded. */
  update?: UpdateState
}

/** Live mode with a stored key that is locked: nothing can be signed until the user types the passphrase. */
export function needsPassphrase(state: { status: Pick<ServiceStatus, 'mode'>; vault: TrayState['vault'] }): boolean {
  return state.status.mode === 'live' && !!state.vault?.stored && state.vault.locked
}

export function trayIconState(state: TrayState): TrayIconState {
  if (state.status.needsAttention || state.status.state === 'error' || needsPassphrase(state)) return 'attention'
  return state.status.state === 'running' ? 'running' : 'stopped'
}

function headline(state: TrayState): string {
  const mode = state.status.mode === 'paper' ? ' (paper)' : state.status.dryRun ? ' (dry run)' : ''
  if (needsPassphrase(state)) return 'Passphrase needed to unlock your key'
  if (state.status.state === 'error') return `Stopped by an error${mode}`
  if (state.status.state === 'running') return state.online ? `Lending${mode}` : `Lending${mode}, offline: waiting for the network`
  return `Stopped${mode}`
}

/** Tray tooltips are one or two short lines on every platform; the status message is the second. */
export function trayTooltip(state: TrayState): string {
  const first = `LendPace: ${headline(state)}`
  const detail = state.status.message.trim()
  const line = detail.length > 100 ? `${detail.slice(0, 99)}…` : detail
  return line ? `${first}\n${line}` : first
}

export function trayMenuModel(state: TrayState): TrayMenuItem[] {
  const running = state.status.state === 'running'
  const items: TrayMenuItem[] = [{ kind: 'info', label: headline(state) }]
  if (needsPassphrase(state)) {
    items.push({ kind: 'item', id: 'unlock', label: 'Enter passphrase…', enabled: true })
  }
  items.push(
    { kind: 'separator' },
    running
      ? { kind: 'item', id: 'stop', label: 'Stop lending', enabled: true }
      : { kind: 'item', id: 'start', label: 'Start lending', enabled: !needsPassphrase(state) },
    { kind: 'item', id: 'openDashboard', label: 'Open dashboard', enabled: true },
    { kind: 'item', id: 'copyDiagnostics', label: 'Copy diagnostics', enabled: true },
    { kind: 'separator' }
  )
  if (state.update?.kind === 'ready')
    items.push({ kind: 'item', id: 'restartToUpdate', label: `Restart to update to ${state.update.version}`, enabled: true })
  items.push({ kind: 'item', id: 'quit', label: 'Quit LendPace', enabled: true })
  return items
}
