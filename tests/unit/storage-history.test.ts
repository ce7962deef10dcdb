import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock'
import { createMemoryLogger } from '../../src/main/core/logging'
import { createConfBackend, createHistoryStore, createRuntimeStateStore } from '../../src/main/core/storage'
import type { Decision, InterestPayment } from '../../src/shared/domain'

let dir: string
let clock: ManualClock
const logger = createMemoryLogger()
const history = (limits?: Parameters<typeof createHistoryStore>[0]['limits']) =>
  createHistoryStore({
    backend: createConfBackend({ cwd: dir, name: 'history' }),
    earningsBackend: createConfBackend({ cwd: dir, name: 'earnings' }),
    logger,
    clock,
    limits
  })
const state = () => createRuntimeStateStore({ backend: createConfBackend({ cwd: dir, name: 'state' }), logger, clock })

const decision = (i: number): Decision => ({
  id: `d${i}`,
  at: Date.UTC(2025, 0, 1) + i * 60_000,
  currency: 'USD',
  kind: 'place',
  message: `Offered at step ${i}.`,
  dryRun: false,
  rate: 0.0002,
  amount: 200,
  period: 2
})
const payment = (id: number, currency = 'USD'): InterestPayment => ({
  id,
  currency,
  mts: Date.UTC(2025, 0, id),
  amount: 0.5 + id / 100,
  description: `Margin Funding Payment on wallet funding`
})

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lendpace-history-'))
  clock = new ManualClock(Date.UTC(2025, 0, 1))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('history store', () => {
  it('keeps the newest N decisions, newest first, across restarts', () => {
    const store = history({ decisions: 5 })
    store.addDecisions([1, 2, 3].map(decision))
    store.addDecisions([4, 5, 6, 7, 8].map(decision))
    expect(store.decisions(100).map((d) => d.id)).toEqual(['d8', 'd7', 'd6', 'd5', 'd4'])
    expect(store.decisions(2).map((d) => d.id)).toEqual(['d8', 'd7'])
    expect(store.decisions(0)).toEqual([])
    expect(history({ decisions: 5 }).decisions(100)).toHaveLength(5)
  })

  it('refuses a malformed decision instead of writing it', () => {
    const store = history()
    expect(() => store.addDecisions([{ ...decision(1), kind: 'teleport' } as unknown as Decision])).toThrow()
    expect(store.decisions(10)).toEqual([])
  })

  it('offer reasons: by id, replaced on update, bounded to the most recent', () => {
    const store = history({ offerReasons: 3 })
    for (const id of [1, 2, 3, 4]) store.setOfferReason(id, `reason ${id}`)
    store.setOfferReason(2, 'reason 2 again')
    expect(store.offerReason(1)).toBeNull() // dropped: oldest
    expect(store.offerReason(2)).toBe('reason 2 again')
    expect(history({ offerReasons: 3 }).offerReason(4)).toBe('reason 4')
  })

  it('earnings events: recorded once per id, bounded, filtered by currency', () => {
    const store = history({ earningsEvents: 3 })
    const ev = (id: string, at: number, currency = 'USD') => ({ id, at, currency, kind: 'loanClosed' as const, loanId: 1, interest: 0.1 })
    expect(store.addEarningsEvent(ev('loan-1', 10))).toBe(true)
    expect(store.addEarningsEvent(ev('loan-1', 10))).toBe(false)
    store.addEarningsEvent(ev('loan-2', 20, 'BTC'))
    store.addEarningsEvent(ev('loan-3', 30))
    store.addEarningsEvent(ev('loan-4', 40))
    expect(store.earningsEvents().map((e) => e.id)).toEqual(['loan-2', 'loan-3', 'loan-4'])
    expect(store.earningsEvents('USD').map((e) => e.id)).toEqual(['loan-3', 'loan-4'])
  })

  it('interest payments: merged by id per currency, bounded, with the sync mark', () => {
    const store = history({ interestPayments: 4 })
    expect(store.mergeInterestPayments('USD', [1, 2, 3].map((i) => payment(i)), 1000)).toBe(3)
    expect(store.mergeInterestPayments('USD', [2, 3, 4, 5].map((i) => payment(i)), 2000)).toBe(2)
    // Overlapping ledger pages can repeat a payment within one batch: it is still one payment.
    expect(store.mergeInterestPayments('USD', [5, 5].map((i) => payment(i)))).toBe(0)
    expect(store.mergeInterestPayments('EUR', [7, 7].map((i) => payment(i, 'EUR')))).toBe(1)
    expect(store.interestPayments('EUR').map((p) => p.id)).toEqual([7])
    store.mergeInterestPayments('UST', [payment(9, 'UST')])
    const again = history({ interestPayments: 4 })
    expect(again.interestPayments('USD').map((p) => p.id)).toEqual([2, 3, 4, 5])
    expect(again.interestPayments('UST').map((p) => p.id)).toEqual([9])
    expect(again.ledgerSyncedThrough('USD')).toBe(2000)
    expect(again.ledgerSyncedThrough('UST')).toBeNull()
  })

  it('a damaged history file is backed up and replaced by an empty history, with a notice', () => {
    writeFileSync(join(dir, 'history.json'), JSON.stringify({ version: 1, decisions: 'lots' }))
    const store = history()
    expect(store.notice).toMatch(/history file could not be used \(decisions: /)
    expect(store.decisions(10)).toEqual([])
    expect(readdirSync(dir).some((f) => f.startsWith('history.json.corrupt-'))).toBe(true)
  })

  it('a damaged earnings file costs only the earnings data, not the decision log', () => {
    history().addDecisions([decision(1)])
    writeFileSync(join(dir, 'earnings.json'), '{oops')
    const store = history()
    expect(store.notice).toMatch(/earnings history file could not be used \(it is not valid JSON\)/)
    expect(store.decisions(10).map((d) => d.id)).toEqual(['d1'])
    expect(store.interestPayments('USD')).toEqual([])
  })

  it('decisions and earnings live in separate files, so a cycle rewrites only the small one', () => {
    const store = history()
    store.mergeInterestPayments('USD', [1, 2, 3].map((i) => payment(i)))
    const earningsBefore = readFileSync(join(dir, 'earnings.json'), 'utf8')
    store.addDecisions([decision(1)])
    expect(readFileSync(join(dir, 'earnings.json'), 'utf8')).toBe(earningsBefore)
    expect(readFileSync(join(dir, 'history.json'), 'utf8')).toContain('"d1"')
  })
})

describe('runtime state store (nonce, last run state)', () => {
  it('persists the nonce high-water mark and never lowers it', async () => {
    const s = state()
    expect(await s.nonceStore.load()).toBe(0)
    await s.nonceStore.save(1_735_689_600_000_000)
    await s.nonceStore.save(1_735_689_599_000_000) // lower: ignored
    const again = state()
    expect(await again.nonceStore.load()).toBe(1_735_689_600_000_000)
    await expect(again.nonceStore.save(-1)).rejects.toThrow(RangeError)
    await expect(again.nonceStore.save(2 ** 60)).rejects.toThrow(RangeError)
  })

  it('remembers whether the loop was running at exit', async () => {
    expect(state().lastRunState()).toBeNull()
    state().setRunState(true, 'live')
    await clock.advance(1000)
    expect(state().lastRunState()).toEqual({ running: true, mode: 'live', at: Date.UTC(2025, 0, 1) })
    state().setRunState(false)
    expect(state().lastRunState()?.running).toBe(false)
  })

  it('writes only its own small file (the nonce never rewrites the history)', async () => {
    const h = history()
    h.addDecisions([decision(1)])
    const before = readFileSync(join(dir, 'history.json'), 'utf8')
    await state().nonceStore.save(42)
    expect(readFileSync(join(dir, 'history.json'), 'utf8')).toBe(before)
    expect(existsSync(join(dir, 'state.json'))).toBe(true)
  })

  it('garbage state file: reset with a notice, never a crash', async () => {
    writeFileSync(join(dir, 'state.json'), '\u0000\u0001garbage')
    const s = state()
    expect(s.notice).toMatch(/app state file could not be used/)
    expect(await s.nonceStore.load()).toBe(0)
  })
})
