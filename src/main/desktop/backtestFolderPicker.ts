// The desktop app's backtest folders: the user picks one in the OS folder dialog, and backtests read only
// folders picked that way (and their subfolders), in this session or remembered from an earlier one in a
// small file the main process keeps. Anything else the page names is refused with the same sentence as
// in the browser host, before any file-system access (backtest/folderConfinement.ts).
import { readFile } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import { z } from 'zod'
import type { ContractHandlers } from '../../shared/contract'
import { confinedBacktestHandlers } from '../backtest/folderConfinement'
import { UserFacingError } from '../core/userError'
import { writeFileAtomically } from '../platform/atomicFile'

/** Electron's folder dialog as we call it (a test passes a fake). */
export interface FolderDialog<W> {
  showOpenDialog(
    window: W,
    options: { title: string; buttonLabel: string; defaultPath?: string; properties: Array<'openDirectory' | 'dontAddToRecent'> }
  ): Promise<{ canceled: boolean; filePaths: string[] }>
}

interface BacktestFolderPickerOptions<W> {
  dialog: FolderDialog<W>
  /** The window the dialog belongs to (null while none is open). */
  parent: () => W | null
  /** Where the remembered choices are kept (the app's user-data folder). */
  storeDir: string
}

/** The last few folders picked, newest first: enough for a person's data folders, never a list of the disk. */
const REMEMBERED = 10
export const REMEMBERED_FILE = 'backtest-folders.json'

const absolutePath = z.string().min(1).refine(isAbsolute, 'not an absolute path')
const rememberedSchema = z.object({ folders: z.array(absolutePath).max(REMEMBERED) })
const dialogResultSchema = z.object({ canceled: z.boolean(), filePaths: z.array(absolutePath) })

export function createBacktestFolderPicker<W extends { isDestroyed(): boolean }>(opts: BacktestFolderPickerOptions<W>) {
  const file = join(opts.storeDir, REMEMBERED_FILE)
  let folders: Promise<string[]> | null = null

  /** What an earlier session remembered; a missing or damaged file remembers nothing (the user picks again). */
  async function remembered(): Promise<string[]> {
    try {
      const parsed = rememberedSchema.safeParse(JSON.parse(await readFile(file, 'utf8')))
      return parsed.success ? parsed.data.folders : []
    } catch {
      return []
    }
  }

  async function remember(folder: string): Promise<void> {
    const next = [folder, ...(await chosen()).filter((f) => f !== folder)].slice(0, REMEMBERED)
    folders = Promise.resolve(next)
    try {
      await writeFileAtomically(file, JSON.stringify({ folders: next }), { mode: 0o600 })
    } catch {
      // The choice still holds for this session; the next one asks again.
    }
  }

  const chosen = (): Promise<string[]> => (folders ??= remembered())

  async function choose(): Promise<string | null> {
    const win = opts.parent()
    if (!win || win.isDestroyed()) throw new UserFacingError('backtest', 'Open the LendPace window to choose a folder.')
    const [last] = await chosen()
    const reply = dialogResultSchema.parse(
      await opts.dialog.showOpenDialog(win, {
        title: 'Choose a folder of recorded Bitfinex data',
        buttonLabel: 'Use this folder',
        ...(last ? { defaultPath: last } : {}),
        properties: ['openDirectory', 'dontAddToRecent']
      })
    )
    const [folder] = reply.filePaths
    if (reply.canceled || !folder) return null
    await remember(folder)
    return folder
  }

  return {
    /** The backtest-folder channels served by the dialog, with runBacktest confined to its choices. */
    handlers: (base: ContractHandlers) => confinedBacktestHandlers(base, { folders: chosen, choose })
  }
}
