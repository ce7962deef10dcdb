// Boots the real built Electron entry (out/main/index.js, with the real preload and IPC binding) under
// plain Node, with a recording stand-in for the `electron` module only (tests/support/electron-stand-in.cjs).
// It checks what only a booted shell shows: every contract channel is bound and guarded, the window gets
// the locked-down options and a built preload that exists, the tray follows the loop's state, the
// desktop's own handler table answers its channels, power and network events reach the shell, and
// quitting waits for the core's shutdown before the app really quits.
import { execFileSync, fork, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FOLDER_NOT_ALLOWED } from '../../src/main/backtest/folderConfinement'
import { CHANNEL_NAMES, ipcChannelName } from '../../src/shared/contract'

const ROOT = resolve(__dirname, '..', '..')
const MAIN_ENTRY = join(ROOT, 'out', 'main', 'index.js')
const PRELOAD = join(ROOT, 'out', 'preload', 'index.js')
const STAND_IN = join(ROOT, 'tests', 'support', 'electron-stand-in.cjs')

interface MenuItem {
  id: string | null
  label: string | null
  enabled: boolean
}
interface StandInState {
  ipcHandlers: string[]
  windows: { options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>; loaded: string | null; shown: boolean }[]
  trayMenus: MenuItem[][]
  trayImages: string[][]
  errorBoxes: { title: string; content: string }[]
  privilegedSchemes: string[]
  protocolHandlers: string[]
  openDialogs: { parentIsMainWindow: boolean; properties: string[] }[]
  quitCalls: number
  beforeQuit: { prevented: boolean }[]
  exitCode: number | null
}
interface InvokeAnswer {
  bound: boolean
  reply?: { ok: boolean; value?: unknown; error?: { kind: string; message: string } }
  thrown?: string
}

let child: ChildProcess
let scratch: string
let nextId = 1
const stderr: string[] = []

function ask<T>(msg: Record<string, unknown>): Promise<T> {
  const id = nextId++
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`the shell did not answer ${JSON.stringify(msg)}; stderr: ${stderr.join('')}`)), 10_000)
    const onMessage = (m: { id: number; answer: T }): void => {
      if (m.id !== id) return
      clearTimeout(timer)
      child.off('message', onMessage)
      resolvePromise(m.answer)
    }
    child.on('message', onMessage)
    child.send({ ...msg, id })
  })
}

const state = (): Promise<StandInState> => ask<StandInState>({ cmd: 'state' })

async function until(what: string, check: (s: StandInState) => boolean): Promise<StandInState> {
  const deadline = Date.now() + 15_000
  for (;;) {
    const s = await state()
    if (check(s)) return s
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last tray menu: ${JSON.stringify(lastMenu(s))}; stderr: ${stderr.join('')}; log: ${logTail()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** The shell's own log (in the stand-in's logs folder), for failure messages. */
function logTail(): string {
  const dir = join(scratch, 'logs')
  if (!existsSync(dir)) return '(no log)'
  return readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8').slice(-2000)).join('\n')
}

async function untilLog(text: string): Promise<void> {
  const deadline = Date.now() + 15_000
  while (!logTail().includes(text)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the log line "${text}"; log: ${logTail()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const lastMenu = (s: StandInState): MenuItem[] => s.trayMenus[s.trayMenus.length - 1] ?? []
const menuIds = (s: StandInState): (string | null)[] => lastMenu(s).map((i) => i.id)

beforeAll(() => {
  // npm test builds before vitest; a lone `vitest run` builds here so the test never silently skips.
  if (!existsSync(MAIN_ENTRY) || !existsSync(PRELOAD)) execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'ignore' })
  scratch = mkdtempSync(join(tmpdir(), 'lendpace-boot-'))
  child = fork(MAIN_ENTRY, [], {
    cwd: ROOT,
    execArgv: ['--require', STAND_IN],
    // XDG_CONFIG_HOME inside the scratch folder: start-on-login writes its autostart entry there, never in the real one.
    env: { ...process.env, LENDPACE_STAND_IN_ROOT: scratch, XDG_CONFIG_HOME: join(scratch, 'config') },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc']
  })
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()))
}, 120_000)

afterAll(() => {
  child?.kill()
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

describe('the Electron shell, booted from the build under a stand-in electron', () => {
  it('binds every contract channel and refuses callers that are not our window', async () => {
    const s = await until('every channel bound and the page loaded', (x) => x.ipcHandlers.length >= CHANNEL_NAMES.length && Boolean(x.windows[0]?.loaded))
    expect(s.errorBoxes).toEqual([])
    for (const channel of CHANNEL_NAMES) expect(s.ipcHandlers).toContain(ipcChannelName(channel))

    const trusted = await ask<InvokeAnswer>({ cmd: 'invoke', channel: ipcChannelName('getStatus'), payload: undefined })
    expect(trusted.reply?.ok).toBe(true)
    expect(trusted.reply?.value).toMatchObject({ state: 'stopped' })

    const stranger = await ask<InvokeAnswer>({ cmd: 'invoke', channel: ipcChannelName('getStatus'), payload: undefined, trusted: false })
    expect(stranger.reply).toMatchObject({ ok: false, error: { kind: 'forbidden' } })

    const malformed = await ask<InvokeAnswer>({ cmd: 'invoke', channel: ipcChannelName('setMode'), payload: { mode: 'casino' } })
    expect(malformed.reply?.ok).toBe(false)
  })

  it('opens one locked-down window on our own page with the built preload', async () => {
    const s = await until('the window loaded', (x) => x.windows[0]?.loaded !== null && x.windows[0]?.loaded !== undefined)
    expect(s.windows).toHaveLength(1)
    const prefs = s.windows[0].options.webPreferences ?? {}
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.webSecurity).not.toBe(false)
    expect(prefs.preload).toBe(PRELOAD)
    expect(existsSync(String(prefs.preload))).toBe(true)
    // The preload exposes the contract and requires nothing but electron.
    expect(readFileSync(PRELOAD, 'utf8')).toContain('lendpace')
    // Our page comes over the privileged app:// scheme that the shell registers and serves itself.
    expect(s.windows[0].loaded).toBe('app://lendpace/index.html')
    expect(s.privilegedSchemes).toContain('app')
    expect(s.protocolHandlers).toContain('app')
    // Not packaged (a developer's build): DevTools stay available.
    expect(prefs.devTools).toBe(true)
  })

  it('keeps the tray menu in step with the core', async () => {
    const stopped = await until('a tray menu', (x) => x.trayMenus.length > 0)
    expect(lastMenu(stopped)[0].label).toBe('Stopped')
    expect(menuIds(stopped)).toContain('start')
    expect(menuIds(stopped)).not.toContain('stop')

    // A mode switch needs no network (starting would: the stand-in refuses all network on purpose).
    const paper = await ask<InvokeAnswer>({ cmd: 'invoke', channel: ipcChannelName('setMode'), payload: { mode: 'paper' } })
    expect(paper.reply).toMatchObject({ ok: true, value: { mode: 'paper', state: 'stopped' } })
    const inPaper = await until('the tray to say paper', (x) => lastMenu(x)[0]?.label === 'Stopped (paper)')
    expect(menuIds(inPaper)).toContain('start')

    // Every icon the tray showed is a committed PNG found in the build, at 1× and 2× for this platform's tray.
    const px = process.platform === 'linux' ? 22 : 16
    expect(inPaper.trayImages.length).toBeGreaterThan(0)
    for (const shown of inPaper.trayImages) expect(shown).toEqual([`1x:${px}x${px}`, `2x:${2 * px}x${2 * px}`])

    // The tray's own actions reach the core: Open dashboard shows the window again.
    expect((await ask<{ clicked: boolean }>({ cmd: 'trayClick', item: 'openDashboard' })).clicked).toBe(true)
  })

  it('lets backtests read only the folder the user picked in the dialog', async () => {
    const data = join(scratch, 'picked-data')
    mkdirSync(data)
    writeFileSync(join(data, 'fUSD-ticker-hourly.csv'), 'mts,frr,volume,frr_amount_available\n1786000000000,0.0003,1000,5000\n')
    const backtest = { dataDir: data, currency: 'USD', capital: 1000 }
    const refused = await ask<InvokeAnswer>({ cmd: 'invoke', channel: ipcChannelName('runBacktest'), payload: backtest })
    expect(refused.reply).toEqual({ ok: false, error: { kind: 'folderNotAllowed', message: FOLDER_NOT_ALLOWED } })

    await ask({ cmd: 'dialogAnswer', answer: { canceled: false, filePaths: [data] } })
    const picked = await ask<InvokeAnswer>({ cmd: 'invoke', channel: ipcChannelName('chooseBacktestFolder'), payload: undefined })
    expect(picked.reply).toEqual({ ok: true, value: { folder: data } })
    const s = await state()
    expect(s.openDialogs).toEqual([{ parentIsMainWindow: true, properties: expect.arrayContaining(['openDirectory']) }])
    const listed = await ask<InvokeAnswer>({ cmd: 'invoke', channel: ipcChannelName('listBacktestFolders'), payload: undefined })
    expect(listed.reply).toEqual({ ok: true, value: { canChoose: true, folders: [data] } })
    // Now read: the folder has an FRR but nothing to fill offers with, and says so.
    const checked = await ask<InvokeAnswer>({ cmd: 'invoke', channel: ipcChannelName('checkBacktestFolder'), payload: { dataDir: data, currency: 'USD' } })
    expect(checked.reply).toMatchObject({ ok: true, value: { ready: false, missing: expect.stringContaining('no order book (fUSD-book-P0-hourly.csv)') } })
    expect((await ask<InvokeAnswer>({ cmd: 'invoke', channel: ipcChannelName('runBacktest'), payload: { ...backtest, dataDir: scratch } })).reply).toMatchObject({
      ok: false,
      error: { message: FOLDER_NOT_ALLOWED }
    })
  })

  it("answers the desktop's own channels from its handler table, not the core's", async () => {
    // Replaced: the update state is the desktop updater's (a developer build checks none), not the core's "does not update itself".
    const update = await ask<InvokeAnswer>({ cmd: 'invoke', channel: ipcChannelName('getUpdateState'), payload: undefined })
    expect(update.reply).toEqual({ ok: true, value: { kind: 'disabled', reason: 'Development build: updates are not checked.' } })

    // Extended: saving start-on-login also writes the login entry (Linux: an XDG autostart file), and removes it again.
    const entry = join(scratch, 'config', 'autostart', 'lendpace.desktop')
    expect(existsSync(entry)).toBe(false)
    const on = await ask<InvokeAnswer>({ cmd: 'invoke', channel: ipcChannelName('updateSettings'), payload: { startOnLogin: true } })
    expect(on.reply).toMatchObject({ ok: true, value: { startOnLogin: true } })
    expect(readFileSync(entry, 'utf8')).toContain('--hidden')
    const off = await ask<InvokeAnswer>({ cmd: 'invoke', channel: ipcChannelName('updateSettings'), payload: { startOnLogin: false } })
    expect(off.reply).toMatchObject({ ok: true, value: { startOnLogin: false } })
    expect(existsSync(entry)).toBe(false)
  })

  it('hears sleep, wake and the network through powerMonitor', async () => {
    // A wake while the network is still down is noted as offline; the network coming back is noted too.
    await ask({ cmd: 'power', event: 'resume', online: false })
    await untilLog('network offline')
    await ask({ cmd: 'power', event: 'resume', online: true })
    await untilLog('network back online')
  })

  it('quits only after the core has shut down', async () => {
    await ask({ cmd: 'quit' })
    const s = await until('the second, real quit', (x) => x.quitCalls >= 2)
    // The user's quit is held while the core shuts down (hand-over, final writes), then quit for real.
    expect(s.beforeQuit[0].prevented).toBe(true)
    expect(s.beforeQuit[s.beforeQuit.length - 1].prevented).toBe(false)
    expect(s.exitCode).toBeNull()
    expect(s.errorBoxes).toEqual([])
  })
})
