// Tray icon state, tooltip and menu, decided from the service status, vault and network.
import { describe, expect, it } from 'vitest'
import type { ServiceStatus } from '../../src/shared/contract'
import { needsPassphrase, trayIconState, trayMenuModel, trayTooltip, type TrayMenuItem, type TrayState } from '../../src/main/desktop/trayModel'

const status = (over: Partial<ServiceStatus> = {}): ServiceStatus => ({
  state: 'stopped',
  mode: 'live',
  message: 'Stopped by you.',
  dryRun: false,
  lastCycleAt: null,
  nextCycleAt: null,
  needsAttention: false,
  ...over
})
const state = (over: Partial<ServiceStatus> = {}, vault: TrayState['vault'] = { stored: true, locked: false }, online = true): TrayState => ({
  status: status(over),
  vault,
  online
})
const actions = (items: TrayMenuItem[]) => items.flatMap((i) => (i.kind === 'item' ? [`${i.id}${i.enabled ? '' : '(disabled)'}`] : []))

describe('trayIconState', () => {
  it('shows running, stopped and attention', () => {
    expect(trayIconState(state({ state: 'running' }))).toBe('running')
    expect(trayIconState(state())).toBe('stopped')
    expect(trayIconState(state({ state: 'error' }))).toBe('attention')
    expect(trayIconState(state({ state: 'running', needsAttention: true }))).toBe('attention')
  })
  it('a locked vault in live mode needs attention; in paper mode it does not matter', () => {
    expect(trayIconState(state({}, { stored: true, locked: true }))).toBe('attention')
    expect(trayIconState(state({ mode: 'paper' }, { stored: true, locked: true }))).toBe('stopped')
    expect(needsPassphrase(state({}, { stored: false, locked: true }))).toBe(false)
    expect(needsPassphrase(state({}, null))).toBe(false)
  })
})

describe('trayMenuModel', () => {
  it('offers Start when stopped and Stop when running, then dashboard, diagnostics, quit', () => {
    expect(actions(trayMenuModel(state()))).toEqual(['start', 'openDashboard', 'copyDiagnostics', 'quit'])
    expect(actions(trayMenuModel(state({ state: 'running' })))).toEqual(['stop', 'openDashboard', 'copyDiagnostics', 'quit'])
    expect(actions(trayMenuModel(state({ state: 'error' })))).toEqual(['start', 'openDashboard', 'copyDiagnostics', 'quit'])
  })
  it('says a passphrase is needed and offers to enter it instead of a Start that would fail', () => {
    const items = trayMenuModel(state({}, { stored: true, locked: true }))
    expect(items[0]).toEqual({ kind: 'info', label: 'Passphrase needed to unlock your key' })
    expect(actions(items)).toEqual(['unlock', 'start(disabled)', 'openDashboard', 'copyDiagnostics', 'quit'])
  })
  it('headline names the mode and the offline state', () => {
    expect(trayMenuModel(state({ state: 'running', mode: 'paper' }))[0]).toEqual({ kind: 'info', label: 'Lending (paper)' })
    expect(trayMenuModel(state({ state: 'running', dryRun: true }, undefined, false))[0]).toEqual({
      kind: 'info',
      label: 'Lending (dry run), offline: waiting for the network'
    })
  })
})

describe('trayTooltip', () => {
  it('has the headline and the status message, shortened', () => {
    expect(trayTooltip(state({ state: 'running', message: 'Next cycle in 60 s.' }))).toBe('LendPace: Lending\nNext cycle in 60 s.')
    const long = trayTooltip(state({ message: 'x'.repeat(300) }))
    expect(long.split('\n')[1]).toHaveLength(100)
    expect(trayTooltip(state({ message: '  ' }))).toBe('LendPace: Stopped')
  })
})
