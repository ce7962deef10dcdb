// The learning record is a journal: a cycle appends only its new observations (no rewrite of what is
// kept), a restart reads them back, and the file is compacted to the newest observations of each kind.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryOwnHistoryStore, createOwnHistoryStore, MAX_OBSERVATIONS } from '../../src/main/core/learning'
import { ManualClock } from '../../src/main/platform/clock'
import { nullLogger } from '../../src/main/platform/logger'
import type { FillObservation } from '../../src/shared/domain'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const fill = (k: number): FillObservation => ({ currency: 'USD', period: 2, waitMinutes: k % 90, outcome: 'filled', at: 1_800_000_000_000 + k })

/** A record file in a fresh folder, and how to open it (again: as after a restart). */
function freshRecord(clock = new ManualClock(0)) {
  const dir = mkdtempSync(join(tmpdir(), 'lendpace-learning-store-'))
  dirs.push(dir)
  const path = join(dir, 'learning-live.jsonl')
  return { dir, path, open: () => createOwnHistoryStore({ path, logger: nullLogger, clock, label: 'learning record' }) }
}

describe('the learning record on disk', () => {
  it('appends only what a cycle added, and reads it back after a restart', () => {
    const { path, open } = freshRecord()
    const store = open()
    store.add([fill(1)], [])
    store.flush()
    const first = statSync(path).size
    store.flush()
    expect(statSync(path).size).toBe(first)
    store.add([fill(2)], [{ currency: 'USD', period: 30, lifeDays: 3.5, outcome: 'closed', at: 1_800_000_000_500 }])
    store.flush()
    // Two more lines, each about as long as the first: the file grew by them, nothing was rewritten.
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(3)
    expect(statSync(path).size).toBeLessThan(first * 3.5)
    const again = open().get('USD')
    expect(again.fills.map((f) => f.at)).toEqual([fill(1).at, fill(2).at])
    expect(again.lives).toHaveLength(1)
  })

  it('is compacted to the newest observations once it holds too many lines', () => {
    const { path, open } = freshRecord()
    const store = open()
    const total = 4 * MAX_OBSERVATIONS + 10
    for (let k = 0; k < total; k += 500) {
      store.add(Array.from({ length: Math.min(500, total - k) }, (_, i) => fill(k + i)), [])
      store.flush()
    }
    const lines = readFileSync(path, 'utf8').trim().split('\n').length
    expect(lines).toBeLessThanOrEqual(2 * MAX_OBSERVATIONS)
    const kept = open().get('USD').fills
    expect(kept).toHaveLength(MAX_OBSERVATIONS)
    expect(kept[kept.length - 1].at).toBe(fill(total - 1).at)
  })

  it('keeps the expected waits of open offers across a restart, forgets them once the offers are gone, and compacts them away', () => {
    const { path, open } = freshRecord()
    const store = open()
    store.expectWait('USD', 11, 12.5)
    store.expectWait('USD', 12, 40)
    store.expectWait('BTC', 11, 7)
    store.flush()
    // One line per placed offer, appended with the cycle.
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(3)
    const again = open()
    expect(again.expectedWait('USD', 11)).toBe(12.5)
    expect(again.expectedWait('BTC', 11)).toBe(7)
    // Offer 11 left the book: forgotten, in its currency only.
    again.keepExpected('USD', new Set([12]))
    expect(again.expectedWait('USD', 11)).toBeUndefined()
    expect(again.expectedWait('USD', 12)).toBe(40)
    expect(again.expectedWait('BTC', 11)).toBe(7)
    // The compaction writes only what is kept: the observations and the expected waits of open offers.
    for (let k = 0; k < 4 * MAX_OBSERVATIONS + 10; k += 1_000) {
      again.add(Array.from({ length: 1_000 }, (_, i) => fill(k + i)), [])
      again.flush()
    }
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; offerId?: number })
    expect(lines.filter((l) => l.kind === 'expected').map((l) => l.offerId).sort()).toEqual([11, 12])
    const reopened = open()
    expect(reopened.expectedWait('USD', 11)).toBeUndefined()
    expect(reopened.expectedWait('USD', 12)).toBe(40)
    expect(reopened.get('USD').fills).toHaveLength(MAX_OBSERVATIONS)
  })

  it('in memory (the backtest) keeps the same record and sums as on disk, and writes nothing', () => {
    const clock = new ManualClock(1_800_000_000_000)
    const { dir, open } = freshRecord(clock)
    const disk = open()
    const memory = createMemoryOwnHistoryStore(clock)
    for (const s of [disk, memory]) {
      s.add([fill(1), { ...fill(2), expectedWaitMinutes: 10 }], [{ currency: 'USD', period: 30, lifeDays: 3.5, outcome: 'closed', at: 1_800_000_000_500 }])
      s.expectWait('USD', 3, 9)
      s.flush()
    }
    expect(memory.get('USD')).toEqual(disk.get('USD'))
    expect(memory.expectedWait('USD', 3)).toBe(9)
    expect(readdirSync(dir)).toEqual(['learning-live.jsonl'])
  })
})
