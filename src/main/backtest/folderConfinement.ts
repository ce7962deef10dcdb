// A backtest reads the folder it is given, so a page that could name any folder could learn which
// paths exist on the machine. Backtests therefore read only folders the user chose, and their subfolders:
// the browser host's are those it was started with (--backtest-data, repeatable, and --paper-data), the
// desktop app's those picked in its folder dialog (desktop/backtestFolderPicker.ts). Both shells confine
// runBacktest and checkBacktestFolder here, with the same refusal sentence.
// The check is lexical first (no file-system access for a path outside every chosen folder, so a
// refusal tells nothing about it), then on the real path, so a symlink inside cannot lead outside.
import { realpath } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import type { ContractHandlers } from '../../shared/contract'
import { checkBacktestFolder } from './folderCheck'
import { UserFacingError } from '../core/userError'

export const FOLDER_NOT_ALLOWED =
  'LendPace reads backtest data only from folders you chose for it: pick this one with "Choose a folder…" in the app, or start the browser version with --backtest-data <folder>.'

function inside(path: string, root: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
}

const realOrNull = (p: string): Promise<string | null> => realpath(p).catch(() => null)

interface BacktestFolderPolicy {
  readonly roots: readonly string[]
  /** Is this folder one the user chose (or inside one)? */
  allows(dataDir: string): Promise<boolean>
}

export function backtestFolderPolicy(chosen: readonly string[]): BacktestFolderPolicy {
  const roots = chosen.map((r) => resolve(r))
  return {
    roots,
    async allows(dataDir) {
      if (!isAbsolute(dataDir)) return false
      const wanted = resolve(dataDir)
      const lexicalRoots = roots.filter((root) => inside(wanted, root))
      if (lexicalRoots.length === 0) return false
      const real = await realOrNull(wanted)
      // A folder that does not exist inside a chosen one: the backtest itself says there is no data.
      if (real === null) return true
      for (const root of lexicalRoots) {
        const realRoot = (await realOrNull(root)) ?? root
        if (inside(real, realRoot)) return true
      }
      return false
    }
  }
}

/** Where the folders a backtest may read come from: the host's start options, or the desktop's dialog. */
interface BacktestFolderSource {
  folders(): Promise<readonly string[]>
  /** A native folder dialog; resolves null when the user cancels. Absent: this shell has none. */
  choose?: () => Promise<string | null>
}

type FolderHandlers = Pick<ContractHandlers, 'listBacktestFolders' | 'chooseBacktestFolder' | 'checkBacktestFolder' | 'runBacktest'>

/** The contract's backtest-folder channels over one source, with checkBacktestFolder and runBacktest confined to it. */
export function confinedBacktestHandlers(base: ContractHandlers, source: BacktestFolderSource): FolderHandlers {
  async function ensureAllowed(dataDir: string): Promise<void> {
    if (!(await backtestFolderPolicy(await source.folders()).allows(dataDir))) throw new UserFacingError('folderNotAllowed', FOLDER_NOT_ALLOWED)
  }
  return {
    listBacktestFolders: async () => ({ canChoose: source.choose !== undefined, folders: [...(await source.folders())] }),
    chooseBacktestFolder: async (req) => (source.choose ? { folder: await source.choose() } : base.chooseBacktestFolder(req)),
    async checkBacktestFolder({ dataDir, currency }) {
      await ensureAllowed(dataDir)
      return checkBacktestFolder(dataDir, currency)
    },
    async runBacktest(req) {
      await ensureAllowed(req.dataDir)
      return base.runBacktest(req)
    }
  }
}
