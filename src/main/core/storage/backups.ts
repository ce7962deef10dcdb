// Copies of damaged files, kept beside the file as <name>.corrupt-<time>[-n]. A few are enough to
// recover by hand or to send with a support request; more would only fill the disk of a machine whose
// file keeps getting damaged (a failing disk, a sync tool fighting us), so the oldest are deleted.
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'

/** How many damaged copies of one file are kept (newest first); older ones are deleted. */
export const KEPT_BACKUPS = 3

const backupPrefix = (path: string): string => `${basename(path)}.corrupt-`

/** Existing backups of `path`, oldest first (the time stamp in the name sorts as text). */
function listBackups(path: string): string[] {
  const prefix = backupPrefix(path)
  let names: string[]
  try {
    names = readdirSync(dirname(path))
  } catch {
    return []
  }
  return names
    .filter((n) => n.startsWith(prefix))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((n) => join(dirname(path), n))
}

/**
 * Move the damaged file aside and delete backups beyond the newest KEPT_BACKUPS. Returns the backup's
 * path, or null when the file could not be moved (then it is left where it is and the error logged).
 */
export function backUpDamagedFile(opts: { path: string; clock: Clock; logger: Logger; label: string }): string | null {
  const { path, logger, label } = opts
  const stamp = new Date(opts.clock.now()).toISOString().replace(/[:.]/g, '-')
  let backupPath = `${path}.corrupt-${stamp}`
  for (let i = 2; existsSync(backupPath); i++) backupPath = `${path}.corrupt-${stamp}-${i}`
  try {
    renameSync(path, backupPath)
  } catch (err) {
    logger.log('error', `Could not back up the damaged ${label} file`, { path, error: err })
    return null
  }
  const backups = listBackups(path)
  for (const old of backups.slice(0, Math.max(0, backups.length - KEPT_BACKUPS))) {
    try {
      rmSync(old, { force: true })
    } catch (err) {
      logger.log('warn', `Could not delete an old backup of the ${label} file`, { path: old, error: err })
    }
  }
  return backupPath
}
