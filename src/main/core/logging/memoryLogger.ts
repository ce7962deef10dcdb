// A logger that keeps its redacted lines in memory: for tests and for the leak test, which searches
// exactly the text a file logger would write.
import { systemClock, type Clock } from '../../platform/clock'
import type { Logger, LogLevel } from '../../platform/logger'
import { formatLogLine } from './logLine'
import { createRedactor, type Redactor } from './redactor'

export interface MemoryLogger extends Logger {
  readonly redactor: Redactor
  /** Redacted JSON lines, oldest first. */
  readonly lines: string[]
  /** The lines parsed back, for assertions on level/message/fields. */
  entries(): Array<{ time: string; level: LogLevel; msg: string; fields?: Record<string, unknown> }>
  text(): string
}

export function createMemoryLogger(opts: { redactor?: Redactor; clock?: Clock } = {}): MemoryLogger {
  const redactor = opts.redactor ?? createRedactor()
  const clock = opts.clock ?? systemClock
  const lines: string[] = []
  return {
    redactor,
    lines,
    log(level, message, fields) {
      lines.push(formatLogLine(redactor, clock.now(), level, message, fields))
    },
    entries: () => lines.map((l) => JSON.parse(l)),
    text: () => lines.join('\n')
  }
}
