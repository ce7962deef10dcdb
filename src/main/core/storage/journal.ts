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
import { close, closeSync, existsSync, fsync, fsyncSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { z } from 'zod'
import type { Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import { backUpDamagedFile } from './backups'

interface Journal<R> {
  readonly path: string
  /** Set when damaged lines were skipped when the records were read: what happened and where the old file is. */
  readonly notice: string | null
  /** Lines on disk plus lines buffered: what a compaction would shrink (complete once the records were read). */
  readonly lineCount: number
  /** Buffer a record; nothing is written until flush(). */
  append(record: R): void
  /** Write the buffered records: one append, one fsync. Returns the bytes written (0 when none). */
  flush(): number
  /** Replace the file with exactly these records (temp + fsync + rename). Returns the bytes written. */
  rewrite(records: R[]): number
}

interface JournalOptions<S extends z.ZodType> {
  path: string
  schema: S
  logger: Logger
  clock: Clock
  /** How the user knows the file: "activity history". */
  label: string
}

/** Open a journal and return it with the valid records it holds, oldest first. */
export function openJournal<S extends z.ZodType>(opts: JournalOptions<S>): { journal: Journal<z.output<S>>; records: z.output<S>[] } {
  const { journal, read } = openJournalForAppend(opts)
  return { journal, records: read() }
}

/**
 * Open a journal to append to it at once, and read what it holds only when `read()` is called (once):
 * a store whose records are not needed to start (the activity history, read for the dashboard) keeps a
 * full file off the start-up path. Opening only repairs the tail, so an append never glues its record
 * onto a line that a kill cut short. Records appended before read() was called are among those it returns.
 */
export function openJournalForAppend<S extends z.ZodType>(opts: JournalOptions<S>): { journal: Journal<z.output<S>>; read(): z.output<S>[] } {
  const { path, schema, logger, label } = opts
  const tmpPath = `${path}.tmp`
  // A compaction killed before its rename leaves a temp file; the journal itself is still whole.
  if (existsSync(tmpPath)) rmSync(tmpPath, { force: true })
  let size = existsSync(path) ? dropUnfinishedLine(path, logger, label) : 0
  let notice: string | null = null
  let read = false

  let pending: string[] = []
  /** Lines in the file: those appended so far until the file is read, then all of them. */
  let lines = 0
  const journal: Journal<z.output<S>> = {
    path,
    get notice() {
      return notice
    },
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

  return {
    journal,
    read() {
      if (read) throw new Error(`The ${label} file was already read.`)
      read = true
      const records: z.output<S>[] = []
      if (!existsSync(path)) return records
      // Only whole lines are in the file: opening dropped an unfinished last one, and appends are whole.
      const text = readFileSync(path, 'utf8')
      let damaged = 0
      const items = parseLines(text)
      for (const item of items) {
        const parsed = item === DAMAGED ? { success: false as const } : schema.safeParse(item)
        if (parsed.success) records.push(parsed.data)
        else damaged++
      }
      lines = items.length
      if (damaged > 0) {
        // Keep the damaged file for the user and continue with a clean one holding every readable record.
        const backupPath = backUpDamagedFile({ path, clock: opts.clock, logger, label })
        size = writeWhole(path, tmpPath, records)
        lines = records.length
        const kept = backupPath ? ` The old file was kept as ${basename(backupPath)}.` : ''
        notice = `${damaged} damaged line${damaged === 1 ? ' was' : 's were'} skipped in your ${label} file; everything else was kept.${kept}`
        logger.log('warn', `Skipped damaged lines of the ${label} file`, { path, damaged, backupPath })
      }
      return records
    }
  }
}

/** Bytes after the last newline are an append that was cut short (kill -9, power loss): cut them off.
 *  Returns the file's size after. Reads only the end of the file, unless the last line is unfinished. */
function dropUnfinishedLine(path: string, logger: Logger, label: string): number {
  const size = statSync(path).size
  if (size === 0) return 0
  const fd = openSync(path, 'r')
  const last = Buffer.alloc(1)
  try {
    readSync(fd, last, 0, 1, size - 1)
  } finally {
    closeSync(fd)
  }
  if (last[0] === 0x0a) return size
  const end = readFileSync(path).lastIndexOf(0x0a) + 1
  logger.log('warn', `Dropped an unfinished last line of the ${label} file (the app stopped while writing)`, { path, bytes: size - end })
  truncateSync(path, end)
  return end
}

const DAMAGED = Symbol('damaged line')

/**
 * Whole lines as JSON values. One JSON.parse of the file as an array is several times faster than one per
 * line (the start-up time of a full history); JSON text has no raw newline inside a value, so joining the
 * lines with commas is exact. Only when that fails is each line parsed alone, to find the damaged ones.
 */
function parseLines(text: string): unknown[] {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text
  if (body === '') return []
  // Every newline becomes a comma in one string (no array of line strings to build and join): the file's
  // start-up cost is mostly allocation, and the collector's time with it.
  const count = countNewlines(body) + 1
  try {
    const all = JSON.parse(`[${body.replaceAll('\n', ',')}]`) as unknown[]
    // Damage can hide in the join (a line "1,2", or a record split across two lines): one value per line.
    if (all.length === count) return all
  } catch {
    // Some line is not JSON (or empty): find which below.
  }
  return body.split('\n').filter((l) => l !== '').map((line) => {
    try {
      return JSON.parse(line) as unknown
    } catch {
      return DAMAGED
    }
  })
}

function countNewlines(text: string): number {
  let n = 0
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++
  return n
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
