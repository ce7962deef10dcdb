// Paper mode on one clock, and a paper account that survives a restart. Runs the real simulated exchange
// over the shared recorded data (skipped, with a reason, when that folder is absent).
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { createMemoryLogger } from '../../src/main/core/logging'
import { createPaperExchange, paperBalancesSchema, PAPER_BALANCES } from '../../src/main/core/paperMode'
import { createConfBackend } from '../../src/main/core/storage'
import { createSnapshotStore } from '../../src/main/core/storage/snapshotStore'
import type { SnapshotSource } from '../../src/main/exchange/simulated'

const DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data', 'bitfinex')
const WALL = Date.UTC(2026, 11, 1, 9, 0)
const HOUR = 3_600_000
// Replay mode never asks the live source; reaching it would be a bug.
const noLiveSource = {} as SnapshotSource

let dir = ''
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }))

const store = () => createSnapshotStore({ backend: createConfBackend({ cwd: dir, name: 'paper-account' }), schema: paperBalancesSchema, logger: createMemoryLogger(), label: 'paper account' })

describe.skipIf(!existsSync(DATA))(`paper mode over recorded data (${DATA})`, () => {
  it('stamps offers, loans and the market with the app clock, not the recording time', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lendpace-paper-'))
    const clock = new ManualClock(WALL)
    const paper = await createPaperExchange({ clock, publicSource: noLiveSource, dataDir: DATA, saved: store() })
    const ticker = await paper.exchange.marketSnapshot('USD')
    expect(Math.abs(ticker.takenAt - WALL)).toBeLessThan(2 * HOUR)
    const offer = await paper.exchange.submitOffer({ symbol: 'fUSD', type: 'LIMIT', amount: 500, rate: 0.0002, period: 2 })
    expect(offer.createdAt).toBe(WALL)
    await clock.advance(6 * HOUR)
    for (const loan of await paper.exchange.activeLoans('USD')) {
      expect(loan.openedAt).toBeGreaterThanOrEqual(WALL)
      expect(loan.openedAt).toBeLessThanOrEqual(WALL + 6 * HOUR)
    }
    for (const p of await paper.exchange.frrHistory('USD', { limit: 5 })) expect(p.mts).toBeLessThanOrEqual(WALL + 6 * HOUR)
  })

  it('keeps the paper money across a restart instead of starting again at 10,000 USD', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lendpace-paper-'))
    const clock = new ManualClock(WALL)
    const first = await createPaperExchange({ clock, publicSource: noLiveSource, dataDir: DATA, saved: store() })
    await first.exchange.submitOffer({ symbol: 'fUSD', type: 'LIMIT', amount: 4000, rate: 0.0001, period: 2 })
    // A day and a half: loans open, interest is paid at midnight.
    await clock.advance(36 * HOUR)
    await first.save()
    const kept = store().get()?.USD ?? 0
    // Money is neither lost nor invented: offered and lent count, and interest only adds.
    expect(kept).toBeGreaterThanOrEqual(PAPER_BALANCES.USD!)

    const second = await createPaperExchange({ clock, publicSource: noLiveSource, dataDir: DATA, saved: store() })
    const balance = await second.exchange.lendableBalance('USD')
    expect(balance.readable && balance.amount).toBeCloseTo(kept, 6)
  })
})
