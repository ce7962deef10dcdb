// A backtest reads the folder it is given, so a page that could name any folder could learn which
// paths exist on the machine. The browser host therefore reads only folders the user chose when
// starting it (--backtest-data, repeatable, and --paper-data), and their subfolders.
// The check is lexical first (no file-system access for a path outside every chosen folder, so a
// refusal tells nothing about it), then on the real path, so a symlink inside cannot lead outside.
import { realpath } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'

export const FOLDER_NOT_ALLOWED =
  'LendPace reads backtest data only from the folders it was started with (--backtest-data <folder>). Choose one of those, or restart it with this folder added.'

function inside(path: string, root: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
}

const realOrNull = (p: string): Promise<string | null> => realpath(p).catch(() => null)

export interface BacktestFolderPolicy {
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
