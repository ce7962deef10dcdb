// The desktop app's backtests read only folders the user picked in the folder dialog (this session or
// remembered from an earlier one): the real core and backtest, real temp folders and symlinks, called
// through the contract's dispatch as the IPC binding does. Only Electron's dialog and window are fakes.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runBacktest } from '../../src/main/backtest'
import { FOLDER_NOT_ALLOWED } from '../../src/main/backtest/folderConfinement'
import type { AppCore } from '../../src/main/core/appCore'
import { createAppCore } from '../../src/main/core/createAppCore'
import { createMemoryLogger } from '../../src/main/core/logging'
import { dispatch } from '../../src/main/core/rpc'
import { createBacktestFolderPicker, REMEMBERED_FILE, type FolderDialog } from '../../src/main/desktop/backtestFolderPicker'
import type { Channel, ContractHandlers, Envelope } from '../../src/shared/contract'

const H = 3_600_000
const T0 = Date.UTC(2026, 7, 1)
const book = ['snapshot_mts,rate,period,count,amount', ...Array.from({ length: 24 }, (_, i) => [`${T0 + i * H},0.0003,2,1,1000`, `${T0 + i * H},0.0002,2,1,-500`]).flat()].join('\n')
const ticker = ['mts,frr,volume,frr_amount_available', ...Array.from({ length: 24 }, (_, i) => `${T0 + i * H},0.00025,1000000,5000000`)].join('\n')

interface FakeWindow {
  isDestroyed(): boolean
}
/** Electron's dialog as the user answers it: the next answer, and what the app asked for. */
function fakeDialog() {
  const asked: { window: FakeWindow; options: Parameters<FolderDialog<FakeWindow>['showOpenDialog']>[1] }[] = []
  let answer: { canceled: boolean; filePaths: string[] } = { canceled: true, filePaths: [] }
  const dialog: FolderDialog<FakeWindow> = {
    showOpenDialog: async (window, options) => (asked.push({ window, options }), answer)
  }
  return { dialog, asked, answer: (next: typeof answer) => void (answer = next) }
}

let scratch: string
let core: AppCore
let chosen: string
let other: string
const window: FakeWindow = { isDestroyed: () => false }

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'lendpace-btfolders-'))
  chosen = join(scratch, 'my-data')
  other = join(scratch, 'never-chosen')
  for (const d of [chosen, join(chosen, 'sub'), other]) {
    await mkdir(d)
    await writeFile(join(d, 'fUSD-book-P0-hourly.csv'), book)
    await writeFile(join(d, 'fUSD-ticker-hourly.csv'), ticker)
  }
  // A link inside the chosen folder that leads to one never chosen.
  await symlink(other, join(chosen, 'escape'))
  core = await createAppCore({ dataDir: join(scratch, 'app'), osCipher: null, logger: createMemoryLogger(), runBacktest })
})

afterAll(async () => {
  await core?.shutdown()
  await rm(scratch, { recursive: true, force: true })
})

const call = (handlers: ContractHandlers, channel: Channel, payload?: unknown) => dispatch(handlers, channel, payload) as Promise<Envelope<Record<string, unknown>>>
const backtest = (handlers: ContractHandlers, dataDir: string) =>
  call(handlers, 'runBacktest', { dataDir, currency: 'USD', capital: 1000, from: T0 + H, to: T0 + 6 * H, strategies: ['frr'] })

function picker(d = fakeDialog(), parent: () => FakeWindow | null = () => window) {
  const p = createBacktestFolderPicker({ dialog: d.dialog, parent, storeDir: join(scratch, 'app') })
  return { ...d, handlers: { ...core.handlers, ...p.handlers(core.handlers) } }
}

describe('desktop backtest folders', () => {
  it('refuses every folder before one is chosen, with one sentence whether the path exists or not', async () => {
    const { handlers } = picker()
    expect(await call(handlers, 'listBacktestFolders')).toEqual({ ok: true, value: { canChoose: true, folders: [] } })
    for (const dir of [other, chosen, join(scratch, 'not-there'), '/definitely/not/here', 'relative/path']) {
      expect(await backtest(handlers, dir), dir).toEqual({ ok: false, error: { kind: 'folderNotAllowed', message: FOLDER_NOT_ALLOWED } })
      expect(await call(handlers, 'checkBacktestFolder', { dataDir: dir, currency: 'USD' }), dir).toEqual({
        ok: false,
        error: { kind: 'folderNotAllowed', message: FOLDER_NOT_ALLOWED }
      })
    }
  })

  it('reads the folder picked in the dialog and its subfolders, nothing else', async () => {
    const p = picker()
    p.answer({ canceled: false, filePaths: [chosen] })
    expect(await call(p.handlers, 'chooseBacktestFolder')).toEqual({ ok: true, value: { folder: chosen } })
    expect(p.asked).toHaveLength(1)
    expect(p.asked[0].window).toBe(window)
    expect(p.asked[0].options.properties).toContain('openDirectory')
    expect(await call(p.handlers, 'listBacktestFolders')).toEqual({ ok: true, value: { canChoose: true, folders: [chosen] } })

    const check = await call(p.handlers, 'checkBacktestFolder', { dataDir: chosen, currency: 'USD' })
    expect(check).toMatchObject({ ok: true, value: { ready: true, span: { from: T0, to: T0 + 23 * H } } })
    const run = await backtest(p.handlers, chosen)
    expect(run).toMatchObject({ ok: true, value: { from: T0 + H, to: T0 + 6 * H } })
    expect(run.ok && Object.keys(run.value.strategies as object)).toEqual(['frr'])
    expect(await backtest(p.handlers, join(chosen, 'sub'))).toMatchObject({ ok: true })

    // Out through a symlink, a "..", or a folder beside it: refused like any other.
    for (const dir of [join(chosen, 'escape'), join(chosen, '..', 'never-chosen'), other, scratch])
      expect(await backtest(p.handlers, dir), dir).toEqual({ ok: false, error: { kind: 'folderNotAllowed', message: FOLDER_NOT_ALLOWED } })
    // The window picked, not the page: a runBacktest outside the choice with a valid window is still refused.
    expect((await call(p.handlers, 'checkBacktestFolder', { dataDir: join(chosen, 'escape'), currency: 'USD' })).ok).toBe(false)
  })

  it('keeps the choices when the user cancels, and remembers them for the next session', async () => {
    const p = picker()
    p.answer({ canceled: true, filePaths: [] })
    expect(await call(p.handlers, 'chooseBacktestFolder')).toEqual({ ok: true, value: { folder: null } })
    // The dialog opens where the user was last.
    expect(p.asked[0].options.defaultPath).toBe(chosen)
    expect(await call(p.handlers, 'listBacktestFolders')).toMatchObject({ value: { folders: [chosen] } })
    expect(await backtest(p.handlers, chosen)).toMatchObject({ ok: true })
  })

  it('remembers nothing from a damaged file, and needs the window for the dialog', async () => {
    await writeFile(join(scratch, 'app', REMEMBERED_FILE), '{"folders": ["relative/evil"]}')
    const p = picker(fakeDialog(), () => null)
    expect(await call(p.handlers, 'listBacktestFolders')).toMatchObject({ value: { folders: [] } })
    expect(await backtest(p.handlers, chosen)).toMatchObject({ ok: false, error: { message: FOLDER_NOT_ALLOWED } })
    expect(await call(p.handlers, 'chooseBacktestFolder')).toEqual({ ok: false, error: { kind: 'backtest', message: 'Open the LendPace window to choose a folder.' } })
    expect(p.asked).toHaveLength(0)
  })

  it('refuses a dialog answer that is not an absolute path', async () => {
    const p = picker()
    p.answer({ canceled: false, filePaths: ['relative/folder'] })
    expect((await call(p.handlers, 'chooseBacktestFolder')).ok).toBe(false)
    expect(await call(p.handlers, 'listBacktestFolders')).toMatchObject({ value: { folders: [] } })
  })
})

describe('without a shell, the core reads no backtest folder', () => {
  it('lists none and cannot choose', async () => {
    expect(await call(core.handlers, 'listBacktestFolders')).toEqual({ ok: true, value: { canChoose: false, folders: [] } })
    expect((await call(core.handlers, 'chooseBacktestFolder')).ok).toBe(false)
    expect((await call(core.handlers, 'checkBacktestFolder', { dataDir: chosen, currency: 'USD' })).ok).toBe(false)
  })
})
