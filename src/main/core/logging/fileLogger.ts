// The app's log: JSON lines in a size-rotated file (lendpace.log, .1, .2 … newest first), every line
// redacted before it is written. Writes are synchronous appends so the last lines before a crash are
// on disk; a failing disk never takes the app down (logging errors are swallowed, lines stay in memory).
//
// Kept rather than electron-log on purpose. Here every line, from every caller, passes the one redactor
// before it can reach the disk, and the rotation is a dozen lines. electron-log would need `electron` in
// the core (which also runs under plain Node in the browser host, the CLIs and the tests), by default
// keeps a single old file, and is built to take console and renderer output too: each such path would
// have to be routed through our redactor by hooks, where here no other path exists.
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { systemClock, type Clock } from '../../platform/clock'
import type { Logger, LogLevel } from '../../platform/logger'
import { formatLogLine, LEVEL_ORDER } from './logLine'
import { createRedactor, type Redactor } from './redactor'

interface FileLoggerOptions {
  dir: string
  /** Share one redactor with the vault so registered secrets are masked here. Default: a new one. */
  redactor?: Redactor
  fileName?: string
  /** Rotate when the current file would exceed this many bytes. */
  maxBytes?: number
  /** Files kept in total, the current one included. */
  maxFiles?: number
  minLevel?: LogLevel
  clock?: Clock
  /** How many recent lines to keep in memory for the diagnostics text. */
  recentLimit?: number
}

interface FileLogger extends Logger {
  readonly path: string
  /** The redactor every line goes through: hand it to the vault (createVault({ redactor })). */
  readonly redactor: Redactor
  /** The log files that exist now, current first (for diagnostics and the leak test). */
  files(): string[]
  /** Recent redacted lines, oldest first, optionally only from a level up (e.g. 'warn' for "last errors"). */
  recent(opts?: { limit?: number; minLevel?: LogLevel }): string[]
}

export function createFileLogger(opts: FileLoggerOptions): FileLogger {
  const fileName = opts.fileName ?? 'lendpace.log'
  const maxBytes = opts.maxBytes ?? 1_000_000
  const maxFiles = Math.max(1, opts.maxFiles ?? 5)
  const minLevel = LEVEL_ORDER[opts.minLevel ?? 'info']
  const clock = opts.clock ?? systemClock
  const recentLimit = opts.recentLimit ?? 300
  const redactor = opts.redactor ?? createRedactor()
  const path = join(opts.dir, fileName)
  const nameAt = (i: number) => (i === 0 ? path : `${path}.${i}`)
  const recent: Array<{ level: LogLevel; line: string }> = []

  // Owner-only, like the files in it: even redacted, the log tells how much the user lends and when.
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 })
  let size = existsSync(path) ? statSync(path).size : 0

  // With maxFiles 1 this simply starts the file over.
  function rotate() {
    rmSync(nameAt(maxFiles - 1), { force: true })
    for (let i = maxFiles - 2; i >= 0; i--) if (existsSync(nameAt(i))) renameSync(nameAt(i), nameAt(i + 1))
    size = 0
  }

  return {
    path,
    redactor,
    log(level, message, fields) {
      if (LEVEL_ORDER[level] < minLevel) return
      const line = formatLogLine(redactor, clock.now(), level, message, fields) + '\n'
      recent.push({ level, line: line.trimEnd() })
      if (recent.length > recentLimit) recent.splice(0, recent.length - recentLimit)
      try {
        const bytes = Buffer.byteLength(line)
        if (size > 0 && size + bytes > maxBytes) rotate()
        appendFileSync(path, line, { mode: 0o600 })
        size += bytes
      } catch {
        // Disk full or read-only: the app must keep lending; the line is still in `recent`.
      }
    },
    files() {
      return Array.from({ length: maxFiles }, (_, i) => nameAt(i)).filter((p) => existsSync(p))
    },
    recent({ limit = recentLimit, minLevel: from } = {}) {
      const lines = from ? recent.filter((r) => LEVEL_ORDER[r.level] >= LEVEL_ORDER[from]) : recent
      return lines.slice(-limit).map((r) => r.line)
    }
  }
}
