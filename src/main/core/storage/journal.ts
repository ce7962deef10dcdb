// An append-only journal: one JSON record per line, for what grows by small steps (activity, earnings).
// A cycle's records are buffered and written in ONE append followed by ONE fsync, so a cycle costs the
// bytes it adds, not a rewrite of everything kept. fsync policy: the append is written synchronously (it
// survives kill -9 from then on) and fsynced at once on the thread pool (it survives a power loss a few
// milliseconds later); a compaction's new file is fsynced synchronously BEFORE it is renamed over the old. The store that owns a journal rewrites it from its live
// records now and then (compaction: temp file, fsync, rename), so dead and expired lines do not pile up.
//
// Crash safety: an append can be cut short by kill -9 or a power loss; that leaves a partial LAST line,
// which loading drops (and cuts off the file) — the cycle it belonged to is lost, nothing before it.
// A compaction writes a new file beside the old and renames it over, so either file is whole. A line
// that is damaged in the middle (disk fault, hand edit) is skipped with a notice; the file is backed up
// first (the last few backups only, see backups.ts).
import { close, closeSync, existsSync, fsync, fsyncSync, openSync, readFileSync, renameSync, rmSync, truncateSync, writeSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { z } from 'zod'
import type { Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import { backUpDamagedFile } from './backups'

export interface Journal<R> {
  readonly path: string
  /** Set when damaged lines were skipped at load: what happened and where the old file is. */
  readonly notice: string | null
  /** Lines on disk plus lines buffered: what a compaction would shrink. */
  readonly lineCount: number
  /** Buffer a record; nothing is written until flush(). */
  append(record: R): void
  /** Write the buffered records: one append, one fsync. Returns the bytes written (0 when none). */
  flush(): number
  /** Replace the file with exactly these records (temp + fsync + rename). Returns the bytes written. */
  rewrite(records: R[]): number
}

/** Open a journal and return it with the valid records it holds, oldest first. */
export function openJournal<S extends z.ZodType>(opts: {
  path: string
  schema: S
  logger: Logger
  clock: Clock
  /** How the user knows the file: "activity history". */
  label: string
}): { journal: Journal<z.output<S>>; records: z.output<S>[] } {
  const { path, schema, logger, label } = opts
  const tmpPath = `${path}.tmp`
  // A compaction killed before its rename leaves a temp file; the journal itself is still whole.
  if (existsSync(tmpPath)) rmSync(tmpPath, { force: true })

  const records: z.output<S>[] = []
  let size = 0
  let notice: string | null = null
  if (existsSync(path)) {
    const bytes = readFileSync(path)
    // Only whole lines count: bytes after the last newline are an append that was cut short.
    const end = bytes.lastIndexOf(0x0a) + 1
    let damaged = 0
    for (const item of parseLines(bytes.subarray(0, end).toString('utf8'))) {
      const parsed = item === DAMAGED ? { success: false as const } : schema.safeParse(item)
      if (parsed.success) records.push(parsed.data)
      else damaged++
    }
    if (end < bytes.length) {
      logger.log('warn', `Dropped an unfinished last line of the ${label} file (the app stopped while writing)`, { path, bytes: bytes.length - end })
      truncateSync(path, end)
    }
    size = end
    if (damaged > 0) {
      // Keep the damaged file for the user and continue with a clean one holding every readable record.
      const backupPath = backUpDamagedFile({ path, clock: opts.clock, logger, label })
      size = writeWhole(path, tmpPath, records)
      const kept = backupPath ? ` The old file was kept as ${basename(backupPath)}.` : ''
      notice = `${damaged} damaged line${damaged === 1 ? ' was' : 's were'} skipped in your ${label} file; everything else was kept.${kept}`
      logger.log('warn', `Skipped damaged lines of the ${label} file`, { path, damaged, backupPath })
    }
  }

  let pending: string[] = []
  let lines = records.length
  const journal: Journal<z.output<S>> = {
    path,
    notice,
    get lineCount() {
      return lines + pending.length
    },
    append(record) {
      pending.push(JSON.stringify(record) + '\n')
    },
    flush() {
      if (pending.length === 0) return 0
      const text = pending.join('')
      const fd = openSync(path, 'a', 0o600)
      try {
        writeSync(fd, text)
      } catch (err) {
        closeSync(fd)
        // A half-written append (disk full) must not glue the next record onto a partial line.
        try {
          truncateSync(path, size)
        } catch {
          // The next load drops the partial line anyway.
        }
        throw err
      }
      // Once written, the bytes survive the app being killed; the fsync makes them survive a power loss
      // too. It runs on libuv's thread pool so the main thread does not wait on the disk for it.
      fsync(fd, (err) => {
        if (err) logger.log('warn', `Could not flush the ${label} file to disk`, { path, error: err })
        close(fd, () => {})
      })
      const written = Buffer.byteLength(text)
      size += written
      lines += pending.length
      pending = []
      return written
    },
    rewrite(all) {
      const written = writeWhole(path, tmpPath, all)
      size = written
      lines = all.length
      pending = []
      return written
    }
  }
  return { journal, records }
}

const DAMAGED = Symbol('damaged line')

/**
 * Whole lines as JSON values. One JSON.parse of the file as an array is several times faster than one per
 * line (the start-up time of a full history); JSON text has no raw newline inside a value, so joining the
 * lines with commas is exact. Only when that fails is each line parsed alone, to find the damaged ones.
 */
function parseLines(text: string): unknown[] {
  const lines = text.split('\n').filter((l) => l !== '')
  try {
    const all = JSON.parse(`[${lines.join(',')}]`) as unknown[]
    // Damage can hide in the join (a line "1,2", or a record split across two lines): one value per line.
    if (all.length === lines.length) return all
  } catch {
    // Some line is not JSON: find which below.
  }
  return lines.map((line) => {
    try {
      return JSON.parse(line) as unknown
    } catch {
      return DAMAGED
    }
  })
}

/** Write the whole file beside the old one, fsync it, rename it over, fsync the folder. */
function writeWhole(path: string, tmpPath: string, records: unknown[]): number {
  const text = records.map((r) => JSON.stringify(r) + '\n').join('')
  const fd = openSync(tmpPath, 'w', 0o600)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmpPath, path)
  syncFolder(dirname(path))
  return Buffer.byteLength(text)
}

/** Make the rename itself durable. Folders cannot be opened for fsync on Windows; there NTFS journals it. */
function syncFolder(dir: string): void {
  let fd: number | null = null
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // Not supported on this platform.
  } finally {
    if (fd !== null) closeSync(fd)
  }
}
