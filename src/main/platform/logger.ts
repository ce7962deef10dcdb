// The logging port. The core logs through this; the desktop shell writes a rotating file, tests keep
// lines in memory. Implementations must pass every line through redaction (see redact.ts).

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void
}

export const nullLogger: Logger = { log: () => {} }
