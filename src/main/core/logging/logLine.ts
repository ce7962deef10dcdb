// One log entry → one redacted JSON line. Shared by the file logger and the in-memory logger so the
// leak test exercises exactly the text that would reach the disk.
import type { LogLevel } from '../../platform/logger'
import type { Redactor } from './redactor'

export const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export function formatLogLine(
  redactor: Redactor,
  time: number,
  level: LogLevel,
  message: string,
  fields?: Record<string, unknown>
): string {
  const record: Record<string, unknown> = {
    time: new Date(time).toISOString(),
    level,
    msg: redactor.redactText(String(message))
  }
  if (fields && Object.keys(fields).length) record.fields = redactor.redactValue(fields)
  // Second pass over the serialized line: catches anything that only looks secret once joined.
  return redactor.redactText(JSON.stringify(record))
}
