// Start-up, quit, sleep and network: the decisions the Electron glue follows.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { WakePolicy } from '../../src/main/desktop/connectivity'
import { composeDiagnostics, type ShellFacts } from '../../src/main/desktop/diagnostics'
import { closeAction, createQuitGuard } from '../../src/main/desktop/quitGuard'
import { startupPlan } from '../../src/main/desktop/startupPlan'

const flush = () => new Promise((r) => setImmediate(r))

function deferred() {
  let resolve!: () => void
  let reject!: (e: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('createQuitGuard', () => {
  function setup(timeoutMs = 20_000) {
    const clock = new ManualClock(0)
    const shutdown = deferred()
    const log: string[] = []
    let shutdowns = 0
    const guard = createQuitGuard({
      shutdown: () => (shutdowns++, shutdown.promise),
      quit: () => log.push('quit'),
      clock,
      timeoutMs,
      onError: () => log.push('error'),
      onTimeout: () => log.push('timeout')
    })
    const beforeQuit = () => {
      let prevented = false
      guard.onBeforeQuit({ preventDefault: () => (prevented = true) })
      return prevented
    }
    return { clock, shutdown, log, guard, beforeQuit, shutdowns: () => shutdowns }
  }

  it('holds the first quit until shutdown finishes, runs shutdown once, then lets the quit through', async () => {
    const t = setup()
    expect(t.beforeQuit()).toBe(true)
    expect(t.guard.quitting).toBe(true)
    expect(t.beforeQuit()).toBe(true) // a second Cmd+Q while shutting down
    expect(t.shutdowns()).toBe(1)
    expect(t.log).toEqual([])
    t.shutdown.resolve()
    await flush()
    expect(t.log).toEqual(['quit'])
    expect(t.guard.phase).toBe('done')
    expect(t.beforeQuit()).toBe(false) // the real quit passes
    expect(t.clock.pendingTimers).toBe(0)
  })

  it('quits anyway when shutdown fails', async () => {
    const t = setup()
    t.beforeQuit()
    t.shutdown.reject(new Error('network down'))
    await flush()
    expect(t.log).toEqual(['error', 'quit'])
  })

  it('quits after the timeout when shutdown hangs, and only once', async () => {
    const t = setup(5000)
    t.beforeQuit()
    await t.clock.advance(4999)
    expect(t.log).toEqual([])
    await t.clock.advance(1)
    expect(t.log).toEqual(['timeout', 'quit'])
    t.shutdown.resolve()
    await flush()
    expect(t.log).toEqual(['timeout', 'quit'])
  })
})

describe('closeAction', () => {
  it('hides to the tray unless quitting or there is no tray', () => {
    expect(closeAction({ quitting: false, trayAvailable: true })).toBe('hide')
    expect(closeAction({ quitting: true, trayAvailable: true })).toBe('close')
    expect(closeAction({ quitting: false, trayAvailable: false })).toBe('close')
  })
})

describe('startupPlan', () => {
  const unlocked = { stored: true, locked: false }
  const locked = { stored: true, locked: true }
  const stopped = { state: 'stopped' as const, mode: 'live' as const }

  it('a normal launch shows the window and does not resume on its own', () => {
    expect(startupPlan({ atLogin: false, wasRunningAtLastExit: true, status: stopped, vault: unlocked })).toEqual({
      showWindow: true,
      resume: false,
      askForPassphrase: false
    })
  })
  it('at login: hidden, and resumes when it was running', () => {
    expect(startupPlan({ atLogin: true, wasRunningAtLastExit: true, status: stopped, vault: unlocked })).toEqual({
      showWindow: false,
      resume: true,
      askForPassphrase: false
    })
    expect(startupPlan({ atLogin: true, wasRunningAtLastExit: false, status: stopped, vault: unlocked }).resume).toBe(false)
    expect(startupPlan({ atLogin: true, wasRunningAtLastExit: true, status: { ...stopped, state: 'running' }, vault: unlocked }).resume).toBe(false)
  })
  it('at login with a locked vault: asks for the passphrase instead of failing silently', () => {
    expect(startupPlan({ atLogin: true, wasRunningAtLastExit: true, status: stopped, vault: locked })).toEqual({
      showWindow: false,
      resume: false,
      askForPassphrase: true
    })
  })
  it('paper mode needs no key, so a locked vault does not block it', () => {
    expect(startupPlan({ atLogin: true, wasRunningAtLastExit: true, status: { ...stopped, mode: 'paper' }, vault: locked }).resume).toBe(true)
  })
})

describe('WakePolicy', () => {
  it('the first network sample is a baseline; coming back online runs a cycle', () => {
    const w = new WakePolicy()
    expect(w.observe({ kind: 'online', online: true }, 0)).toEqual({ runCycle: null, onlineChanged: null })
    expect(w.observe({ kind: 'online', online: false }, 10)).toEqual({ runCycle: null, onlineChanged: false })
    expect(w.isOnline).toBe(false)
    expect(w.observe({ kind: 'online', online: false }, 20)).toEqual({ runCycle: null, onlineChanged: null })
    expect(w.observe({ kind: 'online', online: true }, 30)).toEqual({ runCycle: 'network back online', onlineChanged: true })
  })
  it('starting offline is reported', () => {
    expect(new WakePolicy().observe({ kind: 'online', online: false }, 0)).toEqual({ runCycle: null, onlineChanged: false })
  })
  it('resume runs a cycle, merges repeated resumes, and waits for the network when offline', () => {
    const w = new WakePolicy(15_000)
    w.observe({ kind: 'online', online: true }, 0)
    expect(w.observe({ kind: 'resume' }, 1000).runCycle).toBe('system resumed from sleep')
    expect(w.observe({ kind: 'resume' }, 2000).runCycle).toBeNull()
    expect(w.observe({ kind: 'resume' }, 17_000).runCycle).toBe('system resumed from sleep')
    w.observe({ kind: 'online', online: false }, 40_000)
    expect(w.observe({ kind: 'resume' }, 50_000).runCycle).toBeNull()
    expect(w.observe({ kind: 'online', online: true }, 51_000).runCycle).toBe('network back online')
  })
})

describe('composeDiagnostics', () => {
  const facts: ShellFacts = {
    appVersion: '0.1.0',
    versions: { electron: '45.4.1', chrome: '142.0.0.0', node: '22.20.0', v8: '14.2' },
    platform: 'linux',
    arch: 'x64',
    osRelease: '6.1.0',
    packaged: false,
    launchedAtLogin: true,
    online: false,
    trayAvailable: true,
    safeStorageBackend: 'basic_text'
  }
  it('puts the shell facts in front of the core report', () => {
    const text = composeDiagnostics(facts, { text: 'Settings: {...}\nLast errors: none\n' })
    expect(text).toContain('LendPace 0.1.0 (development build)')
    expect(text).toContain('Electron 45.4.1 · Chromium 142.0.0.0 · Node 22.20.0')
    expect(text).toContain('Started at login: yes · Network: offline · Tray: yes')
    expect(text).toContain('Key storage backend: basic_text')
    expect(text.endsWith('Settings: {...}\nLast errors: none\n')).toBe(true)
  })
  it('says when the core could not answer', () => {
    expect(composeDiagnostics({ ...facts, packaged: true }, { error: 'vault busy' })).toMatch(
      /^LendPace 0\.1\.0\n[\s\S]*The app core could not produce its report: vault busy\n$/
    )
  })
})
