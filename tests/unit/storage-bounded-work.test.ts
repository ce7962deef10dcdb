// A cycle's storage work must not grow with what the history keeps: a laptop runs the loop for months.
// These tests count the work (entries examined, records parsed or rewritten), never time it; the bench
// (bench/storageSoak.ts) times the same thing over a 10,000-cycle soak.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { createMemoryLogger } from '../../src/main/core/logging'
import { openActivityStore } from '../../src/main/core/storage/activityStore'

const DAY_MS = 86_400_000
const CYCLE_MS = 10 * 60_000
let dir: string
let clock: ManualClock
const logger = createMemoryLogger()

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lendpace-bounded-'))
  clock = new ManualClock(Date.UTC(2025, 0, 1))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('activity history housekeeping', () => {
  it('examines a bounded number of entries per cycle as the history grows (a few passes a day, not one per cycle)', async () => {
    const store = openActivityStore({ dir, logger, clock, maxEvents: 100_000 })
    const days = 10
    const cycles = (days * DAY_MS) / CYCLE_MS
    const perDay: number[] = []
    let dayStart = store.entriesExamined
    for (let i = 0; i < cycles; i++) {
      // One new entry a cycle (an offer placed), one line that folds (kept offers): the history grows.
      store.record({ kind: 'place', currency: 'USD', dryRun: false, offerId: i, amount: 500, rate: 0.0002, period: 2, message: `Placed offer ${i}.` })
      store.record({ kind: 'hold', currency: 'USD', dryRun: false, message: 'Kept 5 offers.' })
      store.endCycle()
      await clock.advance(CYCLE_MS)
      if ((i + 1) % (DAY_MS / CYCLE_MS) === 0) {
        // Passes over the whole history that day: what the day examined over what the history holds.
        perDay.push((store.entriesExamined - dayStart) / (i + 2))
        dayStart = store.entriesExamined
      }
    }
    // Roll-ups (from day 7) and compactions each pass over the history once a day: a handful of passes.
    // A check that scanned every entry every cycle would make 144 passes a day.
    expect(perDay).toHaveLength(days)
    for (const passes of perDay) expect(passes).toBeLessThanOrEqual(3)
  })

  it("the first cycle after a restart on a full history reads none of it: the open offers' reasons come from the last-known account", async () => {
    const before = openActivityStore({ dir, logger, clock })
    for (let i = 0; i < 3000; i++) {
      before.record({ kind: 'place', currency: 'USD', dryRun: false, offerId: i, amount: 500, rate: 0.0002, period: 2, message: `Placed offer ${i}.` })
      before.setOfferReason(i, `Reason ${i}.`)
      if (i % 10 === 9) before.endCycle()
    }
    before.endCycle()

    // The restart: the offers open at the close, with their reasons as the last-known account kept them.
    await clock.advance(CYCLE_MS)
    const after = openActivityStore({ dir, logger, clock })
    after.seedOfferReasons([
      [2998, 'Reason 2998.'],
      [2999, 'Reason 2999.'],
      // The last-known copy may be older than the history (up to one write interval after a crash).
      [2997, null]
    ])
    after.record({ kind: 'hold', currency: 'USD', dryRun: false, message: 'Kept 2 offers.' })
    expect([after.offerReason(2998), after.offerReason(2999)]).toEqual(['Reason 2998.', 'Reason 2999.'])
    after.endCycle()
    expect(after.entriesExamined).toBe(0)

    // An offer the last-known account did not list, or listed without a reason, is answered from the
    // file, read then.
    expect(after.offerReason(2997)).toBe('Reason 2997.')
    expect(after.offerReason(2700)).toBe('Reason 2700.')
    expect(after.entriesExamined).toBeGreaterThanOrEqual(3000)
  })
})
