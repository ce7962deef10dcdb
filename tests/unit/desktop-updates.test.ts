// The self-update state machine over a fake updater port (what electron-updater would report), on a
// manual clock: checks at start and daily, "Restart to update" once downloaded, the hand-over to Bitfinex
// auto-renew before the restart; and the policy that only signed, packaged builds update themselves.
import { describe, expect, it } from 'vitest'
import { updateStateSchema, type UpdateState } from '../../src/shared/contract'
import { ManualClock } from '../../src/main/platform/clock'
import { createMemoryLogger } from '../../src/main/core/logging'
import { createQuitGuard } from '../../src/main/desktop/quitGuard'
import {
  createUpdateController,
  FIRST_CHECK_DELAY_MS,
  UPDATE_CHECK_INTERVAL_MS,
  updatePolicy,
  type UpdaterEvent,
  type UpdaterPort
} from '../../src/main/desktop/updateController'
import { trayMenuModel } from '../../src/main/desktop/trayModel'

/** A stand-in for electron-updater: records calls, and the test decides what each check finds. */
function fakeUpdater() {
  let emit: (e: UpdaterEvent) => void = () => {}
  const calls: string[] = []
  let nextCheck: UpdaterEvent[] = [{ kind: 'checking' }, { kind: 'notAvailable' }]
  const port: UpdaterPort = {
    async checkForUpdates() {
      calls.push('check')
      for (const e of nextCheck) emit(e)
    },
    quitAndInstall: () => void calls.push('quitAndInstall'),
    onEvent: (l) => void (emit = l)
  }
  return { port, calls, findNext: (events: UpdaterEvent[]) => void (nextCheck = events) }
}

function setup() {
  const clock = new ManualClock(Date.UTC(2026, 5, 1))
  const updater = fakeUpdater()
  const states: UpdateState[] = []
  const order: string[] = []
  const controller = createUpdateController({
    port: updater.port,
    clock,
    logger: createMemoryLogger(),
    handOver: async () => void order.push('handOver'),
    onChange: (s) => void states.push(s)
  })
  updater.port.quitAndInstall = () => void order.push('quitAndInstall')
  return { clock, updater, states, order, controller }
}

const AVAILABLE: UpdaterEvent[] = [{ kind: 'checking' }, { kind: 'available', version: '0.2.0' }, { kind: 'progress', percent: 41.6 }, { kind: 'downloaded', version: '0.2.0' }]

describe('update controller', () => {
  it('checks soon after start, then once a day', async () => {
    const { clock, updater, controller, states } = setup()
    controller.start()
    expect(updater.calls).toEqual([])
    await clock.advance(FIRST_CHECK_DELAY_MS)
    expect(updater.calls).toEqual(['check'])
    expect(controller.state()).toEqual({ kind: 'idle', lastCheckedAt: clock.now() })
    await clock.advance(UPDATE_CHECK_INTERVAL_MS)
    await clock.advance(UPDATE_CHECK_INTERVAL_MS)
    expect(updater.calls).toEqual(['check', 'check', 'check'])
    for (const s of states) expect(updateStateSchema.safeParse(s).success).toBe(true)
  })

  it('downloads, offers the restart, and stops checking while it waits for the user', async () => {
    const { clock, updater, controller, states } = setup()
    updater.findNext(AVAILABLE)
    controller.start()
    await clock.advance(FIRST_CHECK_DELAY_MS)
    expect(states.map((s) => s.kind)).toEqual(['checking', 'downloading', 'downloading', 'ready'])
    expect(states[2]).toEqual({ kind: 'downloading', version: '0.2.0', percent: 42 })
    expect(controller.state()).toEqual({ kind: 'ready', version: '0.2.0' })
    await clock.advance(3 * UPDATE_CHECK_INTERVAL_MS)
    expect(updater.calls).toEqual(['check'])
    expect(controller.state().kind).toBe('ready')
  })

  it('restart: hands lending over first, then installs; refused before an update is ready', async () => {
    const { clock, updater, controller, order } = setup()
    expect((await controller.restartToUpdate()).kind).toBe('idle')
    expect(order).toEqual([])
    updater.findNext(AVAILABLE)
    controller.start()
    await clock.advance(FIRST_CHECK_DELAY_MS)
    expect(await controller.restartToUpdate()).toEqual({ kind: 'restarting', version: '0.2.0' })
    expect(order).toEqual(['handOver', 'quitAndInstall'])
  })

  it('a failed check is one sentence, no stack or URL, and the next day tries again', async () => {
    const { clock, updater, controller } = setup()
    updater.findNext([{ kind: 'checking' }, { kind: 'error', error: new Error('net::ERR_INTERNET_DISCONNECTED at https://example/latest.yml') }])
    controller.start()
    await clock.advance(FIRST_CHECK_DELAY_MS)
    const state = controller.state()
    expect(state.kind).toBe('error')
    if (state.kind === 'error') expect(state.message).not.toMatch(/ERR_|https?:|\n\s+at /)
    updater.findNext([{ kind: 'checking' }, { kind: 'notAvailable' }])
    await clock.advance(UPDATE_CHECK_INTERVAL_MS)
    expect(controller.state().kind).toBe('idle')
  })

  it('a check that rejects without an error event still ends in the error state', async () => {
    const clock = new ManualClock(0)
    const port: UpdaterPort = { checkForUpdates: () => Promise.reject(new Error('ENOTFOUND')), quitAndInstall: () => {}, onEvent: () => {} }
    const controller = createUpdateController({ port, clock, logger: createMemoryLogger(), handOver: async () => {}, onChange: () => {} })
    controller.start()
    await clock.advance(FIRST_CHECK_DELAY_MS)
    await new Promise((r) => setTimeout(r, 0))
    expect(controller.state().kind).toBe('error')
  })

  it('disabled: never checks, and says why', async () => {
    const clock = new ManualClock(0)
    const controller = createUpdateController({ port: null, disabledReason: 'Development build: updates are not checked.', clock, logger: createMemoryLogger(), handOver: async () => {}, onChange: () => {} })
    controller.start()
    await clock.advance(10 * UPDATE_CHECK_INTERVAL_MS)
    expect(controller.state()).toEqual({ kind: 'disabled', reason: 'Development build: updates are not checked.' })
    expect((await controller.restartToUpdate()).kind).toBe('disabled')
  })

  it('the hand-over is the quit guard’s bounded shutdown, run once, and then the updater may quit', async () => {
    const clock = new ManualClock(0)
    const order: string[] = []
    const guard = createQuitGuard({ shutdown: async () => void order.push('shutdown'), quit: () => void order.push('quit'), clock })
    await guard.shutdownForRestart()
    // The updater's own app.quit() now passes straight through, and shutdown does not run twice.
    let prevented = false
    guard.onBeforeQuit({ preventDefault: () => void (prevented = true) })
    expect(prevented).toBe(false)
    expect(order).toEqual(['shutdown'])
  })
})

describe('tray: restart to update', () => {
  const status = { state: 'running' as const, mode: 'live' as const, message: '', dryRun: false, lastCycleAt: null, nextCycleAt: null, needsAttention: false }
  it('offers "Restart to update" only when an update is ready', () => {
    const items = (update: UpdateState | undefined) => trayMenuModel({ status, vault: null, online: true, update }).flatMap((i) => (i.kind === 'item' ? [i] : []))
    expect(items({ kind: 'ready', version: '0.2.0' }).find((i) => i.id === 'restartToUpdate')).toMatchObject({ label: 'Restart to update to 0.2.0', enabled: true })
    expect(items({ kind: 'idle', lastCheckedAt: null }).some((i) => i.id === 'restartToUpdate')).toBe(false)
    expect(items(undefined).some((i) => i.id === 'restartToUpdate')).toBe(false)
  })
})

describe('updatePolicy: signed releases only', () => {
  const signedFeed = { publisherName: ['LendPace Contributors'] }
  it('updates packaged macOS builds (Squirrel.Mac checks the signature) and signed Windows builds', () => {
    expect(updatePolicy({ isPackaged: true, platform: 'darwin', feed: {} })).toEqual({ enabled: true })
    expect(updatePolicy({ isPackaged: true, platform: 'win32', feed: signedFeed })).toEqual({ enabled: true })
  })
  it('not: development builds, builds without a feed, unsigned Windows builds, Linux', () => {
    for (const opts of [
      { isPackaged: false, platform: 'darwin' as const, feed: {} },
      { isPackaged: true, platform: 'darwin' as const, feed: null },
      { isPackaged: true, platform: 'win32' as const, feed: {} },
      { isPackaged: true, platform: 'win32' as const, feed: { publisherName: [] } },
      { isPackaged: true, platform: 'linux' as const, feed: signedFeed }
    ]) {
      const policy = updatePolicy(opts)
      expect(policy.enabled, JSON.stringify(opts)).toBe(false)
      if (!policy.enabled) expect(policy.reason).toMatch(/\.$/)
    }
  })
})

describe('parseUpdateFeed', () => {
  it('reads the publishers electron-builder records for a signed Windows build', async () => {
    const { parseUpdateFeed } = await import('../../src/main/desktop/updateController')
    const signed = 'provider: github\nowner: someone\nrepo: lendpace\npublisherName:\n  - LendPace Contributors\n  - "Other, Inc."\nupdaterCacheDirName: lendpace-updater\n'
    expect(parseUpdateFeed(signed)).toEqual({ publisherName: ['LendPace Contributors', 'Other, Inc.'] })
    expect(parseUpdateFeed('provider: github\npublisherName: Solo Signer\n')).toEqual({ publisherName: ['Solo Signer'] })
    expect(parseUpdateFeed('provider: github\nowner: someone\n')).toEqual({ publisherName: [] })
    expect(updatePolicy({ isPackaged: true, platform: 'win32', feed: parseUpdateFeed('provider: github\n') }).enabled).toBe(false)
  })
})
