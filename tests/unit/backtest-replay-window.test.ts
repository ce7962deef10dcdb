// The days a person picks on the backtest page become the replay window: whole UTC days, clamped to the
// data, with a sentence for each way a choice can be wrong.
import { describe, expect, it } from 'vitest'
import { dayTicks, utcDay, windowOfDays } from '../../src/renderer/components/backtest/replayWindow'

const H = 3_600_000
const D = 24 * H
// Like the shared data: books from 21 Jul 14:26 UTC, candles to 2 Sep 00:00 UTC.
const span = { from: Date.UTC(2026, 6, 21, 14, 26), to: Date.UTC(2026, 8, 2) }

describe('windowOfDays', () => {
  it('turns picked days into moments, from the start of the first to the end of the last, inside the data', () => {
    expect(windowOfDays('2026-08-17', '2026-08-19', span)).toEqual({ ok: true, window: { from: Date.UTC(2026, 7, 17), to: Date.UTC(2026, 7, 20) } })
    // The partial first day starts where the data does.
    expect(windowOfDays('2026-07-21', '2026-07-21', span)).toEqual({ ok: true, window: { from: span.from, to: Date.UTC(2026, 6, 22) } })
    expect(windowOfDays(utcDay(span.from), '2026-09-01', span)).toEqual({ ok: true, window: { from: span.from, to: span.to } })
  })

  it('says what is wrong, on the field that is', () => {
    expect(windowOfDays('2026-08-19', '2026-08-17', span)).toEqual({ ok: false, field: 'to', message: 'The end date must be after the start date.' })
    expect(windowOfDays('2026-07-01', '2026-08-17', span)).toEqual({ ok: false, field: 'from', message: 'The data starts on Jul 21, 2026: choose that day or a later one.' })
    expect(windowOfDays('2026-08-01', '2026-09-05', span)).toEqual({ ok: false, field: 'to', message: 'The data ends on Sep 2, 2026: choose that day or an earlier one.' })
    // The data ends at midnight: its last "day" holds nothing to replay.
    expect(windowOfDays('2026-09-02', '2026-09-02', span)).toEqual({ ok: false, field: 'from', message: 'There is no data to replay between these dates.' })
    expect(windowOfDays('', '2026-08-17', span)).toMatchObject({ ok: false, field: 'from' })
  })
})

describe('dayTicks', () => {
  it('puts one tick per UTC midnight, thinned on long spans', () => {
    expect(dayTicks(Date.UTC(2026, 7, 17), Date.UTC(2026, 7, 20))).toEqual([0, 1, 2, 3].map((i) => Date.UTC(2026, 7, 17) + i * D))
    expect(dayTicks(Date.UTC(2026, 7, 17, 5), Date.UTC(2026, 7, 18, 23))).toEqual([Date.UTC(2026, 7, 18)])
    const long = dayTicks(span.from, span.to)
    expect(long.length).toBeLessThanOrEqual(8)
    expect(long[0]).toBe(Date.UTC(2026, 6, 22))
  })
})
