// The replay window as a person picks it: whole UTC days (the recorded data is in UTC), clamped to what
// the folder covers, so the first and last day of the data can be chosen although they are partial.
import { formatUtcDay } from '../../format'

const DAY_MS = 86_400_000

export interface Span {
  from: number
  to: number
}

/** "2026-08-16" for a moment, in UTC: the value a date input holds. */
export const utcDay = (mts: number): string => new Date(mts).toISOString().slice(0, 10)

/** The moments two picked days stand for: from the start of the first to the end of the last, inside the span. */
export function windowOfDays(fromDay: string, toDay: string, span: Span): { ok: true; window: Span } | { ok: false; message: string; field: 'from' | 'to' } {
  const start = Date.parse(`${fromDay}T00:00:00Z`)
  const end = Date.parse(`${toDay}T00:00:00Z`) + DAY_MS
  if (!Number.isFinite(start)) return { ok: false, field: 'from', message: 'Choose a start date.' }
  if (!Number.isFinite(end)) return { ok: false, field: 'to', message: 'Choose an end date.' }
  if (end <= start) return { ok: false, field: 'to', message: 'The end date must be after the start date.' }
  if (fromDay < utcDay(span.from)) return { ok: false, field: 'from', message: `The data starts on ${formatUtcDay(utcDay(span.from))}: choose that day or a later one.` }
  if (toDay > utcDay(span.to)) return { ok: false, field: 'to', message: `The data ends on ${formatUtcDay(utcDay(span.to))}: choose that day or an earlier one.` }
  const window = { from: Math.max(start, span.from), to: Math.min(end, span.to) }
  if (window.to <= window.from) return { ok: false, field: 'from', message: 'There is no data to replay between these dates.' }
  return { ok: true, window }
}

/** Chart ticks at UTC midnights inside [from, to], at most `max` of them (every n-th day on long spans). */
export function dayTicks(from: number, to: number, max = 8): number[] {
  const first = Math.ceil(from / DAY_MS) * DAY_MS
  const count = Math.floor((to - first) / DAY_MS) + 1
  const step = Math.max(1, Math.ceil(count / max))
  const ticks: number[] = []
  for (let t = first; t <= to; t += step * DAY_MS) ticks.push(t)
  return ticks
}
