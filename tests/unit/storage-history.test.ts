import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { activityQuerySchema, type ActivityQuery } from '../../src/shared/contract'
import { ManualClock } from '../../src/main/platform/clock'
import { createMemoryLogger } from '../../src/main/core/logging'
import { createConfBackend, createHistoryStore, createRuntimeStateStore, createSettingsStore } from '../../src/main/core/storage'
import { KEPT_BACKUPS } from '../../src/main/core/storage/backups'
import { NONCE_LEASE_US } from '../../src/main/core/storage/runtimeStateStore'
import type { InterestPayment } from '../../src/shared/domain'

let dir: string
let clock: ManualClock
const logger = createMemoryLogger()
const history = (limits?: Parameters<typeof createHistoryStore>[0]['limits']) => createHistoryStore({ dir, logger, clock, limits })
const state = () => createRuntimeStateStore({ backend: createConfBackend({ cwd: dir, name: 'state' }), logger, clock })
const q = (over: Partial<ActivityQuery> = {}): ActivityQuery => activityQuerySchema.parse({ limit: 100, ...over })

const info = (message: string, currency = 'USD') => ({ kind: 'info' as const, currency, message, dryRun: false })
const payment = (id: number, currency = 'USD'): InterestPayment => ({
  id,
  currency,
  mts: Date.UTC(2025, 0, id),
  amount: 0.5 + id / 100,
  description: `Margin Funding Payment on wallet funding`
})
const activityFile = () => join(dir, 'activity.jsonl')

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lendpace-history-'))
  clock = new ManualClock(Date.UTC(2025, 0, 1))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** One loop cycle: the lines it records, then the end of the cycle, then a minute passes. */
async function cycle(store: ReturnType<typeof history>, lines: Parameters<ReturnType<typeof history>['record']>[0][]) {
  for (const l of lines) store.record(l)
  store.endCycle()
  await clock.advance(60_000)
}

describe('activity history', () => {
  it('folds a line repeated in consecutive cycles into one entry with a count and a time span', async () => {
    const store = history()
    for (let i = 0; i < 120; i++) await cycle(store, [info('Kept 5 offers.'), info('Market is calm.')])
    const page = store.query(q())
    expect(page.events.map((e) => [e.message, e.count])).toEqual([
      ['Market is calm.', 120],
      ['Kept 5 offers.', 120]
    ])
    expect(page.events[1].until - page.events[1].at).toBe(119 * 60_000)
    // An end of cycle with nothing in it (a stop right after a cycle) does not break the folds.
    store.endCycle()
    await cycle(store, [info('Kept 5 offers.'), info('Market is calm.')])
    expect(store.query(q()).events.map((e) => e.count)).toEqual([121, 121])
    // A cycle without the line closes the fold; the line coming back starts a new entry.
    await cycle(store, [info('Market is calm.')])
    await cycle(store, [info('Kept 5 offers.'), info('Market is calm.')])
    expect(store.query(q()).events.map((e) => [e.message, e.count])).toEqual([
      ['Kept 5 offers.', 1],
      ['Market is calm.', 123],
      ['Kept 5 offers.', 121]
    ])
  })

  it('never folds money or user events, and keeps counts across a restart', async () => {
    const store = history()
    for (let i = 0; i < 3; i++) await cycle(store, [info('Kept 5 offers.'), { kind: 'fill', currency: 'USD', dryRun: false, loanId: 7, message: 'Offer filled.' }])
    const again = history()
    const events = again.query(q()).events
    expect(events.filter((e) => e.kind === 'fill')).toHaveLength(3)
    expect(events.find((e) => e.kind === 'info')?.count).toBe(3)
  })

  it('queries by time range, currency and kind, newest first, with a limit', async () => {
    const store = history()
    const t0 = clock.now()
    await cycle(store, [info('a', 'USD'), { kind: 'place', currency: 'BTC', dryRun: false, offerId: 1, message: 'Placed.' }])
    await cycle(store, [{ kind: 'error', currency: 'USD', dryRun: false, message: 'Bitfinex refused.' }])
    await cycle(store, [{ kind: 'start', currency: 'all', dryRun: false, message: 'Started.' }])
    expect(store.query(q({ currencies: ['BTC'] })).events.map((e) => e.message)).toEqual(['Placed.'])
    expect(store.query(q({ kinds: ['error', 'start'] })).events.map((e) => e.message)).toEqual(['Started.', 'Bitfinex refused.'])
    expect(store.query(q({ from: t0 + 60_000, to: t0 + 60_000 })).events.map((e) => e.message)).toEqual(['Bitfinex refused.'])
    const page = store.query(q({ limit: 2 }))
    expect(page.events.map((e) => e.message)).toEqual(['Started.', 'Bitfinex refused.'])
    expect(page.more).toBe(true)
    expect(page.keptSince).toBe(t0)
    // The decision feed is the loop's decisions only, a folded line once.
    expect(store.decisions(10).map((d) => d.kind)).toEqual(['error', 'place', 'info'])
  })

  it('keeps 90 days and at most the entry limit; compaction shrinks the file', async () => {
    const store = history({ activityEvents: 50 })
    const sizes: number[] = []
    for (let i = 0; i < 200; i++) {
      await cycle(store, [info(`line ${i}`)])
      sizes.push(statSync(activityFile()).size)
    }
    // At the bound, a cycle still appends; the file is rewritten once per 5 surplus entries, not every cycle.
    const rewrites = sizes.filter((s, i) => i > 0 && s < sizes[i - 1]).length
    expect(rewrites).toBeGreaterThan(0)
    expect(rewrites).toBeLessThanOrEqual(150 / 5)
    const kept = store.query(q({ limit: 1000 })).events
    expect(kept.length).toBeGreaterThanOrEqual(50)
    expect(kept.length).toBeLessThanOrEqual(55)
    const reopened = history({ activityEvents: 50 })
    expect(reopened.query(q({ limit: 1000 })).events.map((e) => e.message)[0]).toBe('line 199')
    expect(reopened.query(q({ limit: 1000 })).events.length).toBe(kept.length)

    const longRun = history()
    await cycle(longRun, [{ kind: 'fill', currency: 'USD', dryRun: false, message: 'Old fill.' }])
    await clock.advance(91 * 86_400_000)
    await cycle(longRun, [info('today')])
    expect(longRun.query(q({ limit: 1000 })).events.some((e) => e.message === 'Old fill.')).toBe(false)
    expect(history().query(q({ limit: 1000 })).events.some((e) => e.message === 'Old fill.')).toBe(false)
  })

  it('lists routine lines for 7 days, then counts them per day; money events stay listed for the 90 days', async () => {
    const store = history()
    const t0 = clock.now()
    // Ten days of a cycle every 10 minutes, each placing a different offer; a fill twice a day.
    for (let i = 0; i < 10 * 144; i++) {
      const lines: Parameters<typeof store.record>[0][] = [{ kind: 'place', currency: 'USD', dryRun: false, offerId: i, message: `Placed offer ${i}.` }]
      if (i % 72 === 0) lines.push({ kind: 'fill', currency: 'USD', dryRun: false, loanId: i, message: `Offer filled: ${i}.` })
      for (const l of lines) store.record(l)
      store.endCycle()
      await clock.advance(600_000)
    }
    const check = (s: ReturnType<typeof history>) => {
      const DAY = 86_400_000
      // Two pages (a query returns at most 1,000).
      const events = [...s.query(q({ to: t0 + 5 * DAY - 1, limit: 1000 })).events, ...s.query(q({ from: t0 + 5 * DAY, limit: 1000 })).events.filter((e) => e.at >= t0 + 5 * DAY)]
      const days = events.filter((e) => e.id.startsWith('day-'))
      // Days 0–2 are older than 7 days; day 3 has aged out in part by now.
      expect(days.length).toBeGreaterThanOrEqual(3)
      expect(days.every((e) => e.kind === 'place' && e.message.startsWith('Offers placed'))).toBe(true)
      expect(days.find((e) => e.at === t0)?.count).toBe(144)
      const listed = events.filter((e) => e.kind === 'place' && !e.id.startsWith('day-'))
      expect(listed.every((e) => e.until >= clock.now() - 7 * 86_400_000 - 86_400_000)).toBe(true)
      expect(days.reduce((n, e) => n + e.count, 0) + listed.length).toBe(10 * 144)
      expect(events.filter((e) => e.kind === 'fill')).toHaveLength(20)
    }
    check(store)
    check(history())
  })

  it('a cycle appends a few lines; a fold that grows adds one short line, not a rewrite', async () => {
    const store = history()
    for (let i = 0; i < 100; i++) await cycle(store, [info(`distinct ${i}`)])
    const before = statSync(activityFile()).size
    await cycle(store, [info('Kept 5 offers.')])
    await cycle(store, [info('Kept 5 offers.')])
    const grown = statSync(activityFile()).size - before
    expect(grown).toBeLessThan(400)
    expect(readFileSync(activityFile(), 'utf8').startsWith('{"t":"e"')).toBe(true)
  })

  it('reading never writes', async () => {
    const store = history()
    await cycle(store, [info('x')])
    store.mergeInterestPayments('USD', [payment(1)])
    store.endCycle()
    const sizes = () => readdirSync(dir).map((f) => `${f}:${statSync(join(dir, f)).size}:${statSync(join(dir, f)).mtimeMs}`)
    const before = sizes()
    store.query(q())
    store.decisions(10)
    store.interestPayments('USD')
    store.earningsEvents()
    store.offerReason(1)
    expect(store.mergeInterestPayments('USD', [payment(1)])).toEqual([])
    store.endCycle()
    expect(sizes()).toEqual(before)
  })

  it('offer reasons: by id, replaced on update, bounded to the most recent, across restarts', () => {
    const store = history({ offerReasons: 3 })
    for (const id of [1, 2, 3, 4]) store.setOfferReason(id, `reason ${id}`)
    store.setOfferReason(2, 'reason 2 again')
    store.endCycle()
    expect(store.offerReason(1)).toBeNull() // dropped: oldest
    expect(store.offerReason(2)).toBe('reason 2 again')
    const again = history({ offerReasons: 3 })
    expect(again.offerReason(4)).toBe('reason 4')
    expect(again.offerReason(2)).toBe('reason 2 again')
  })

  it('an unfinished last line (killed mid-write) is dropped; a damaged line in the middle is skipped with a notice and a backup', async () => {
    const store = history()
    await cycle(store, [info('one')])
    await cycle(store, [info('two')])
    appendFileSync(activityFile(), '{"t":"e","e":{"id":"x","at"')
    expect(history().query(q()).events.map((e) => e.message)).toEqual(['two', 'one'])
    expect(readFileSync(activityFile(), 'utf8').endsWith('\n')).toBe(true)

    const lines = readFileSync(activityFile(), 'utf8').split('\n')
    writeFileSync(activityFile(), [lines[0], 'garbage', lines[1], ''].join('\n'))
    const repaired = history()
    expect(repaired.notice).toMatch(/1 damaged line was skipped in your activity history file; everything else was kept/)
    // The sentence is in the activity log itself, where the user looks for the history.
    expect(repaired.query(q()).events.map((e) => e.message)).toEqual([repaired.notice, 'two', 'one'])
    repaired.endCycle()
    expect(readdirSync(dir).some((f) => f.startsWith('activity.jsonl.corrupt-'))).toBe(true)
    expect(history().notice).toBeNull()

    // A record split over two lines would join back into valid JSON; it is still two damaged lines.
    const whole = readFileSync(activityFile(), 'utf8').split('\n')
    const cut = whole[0].indexOf(',"until"')
    writeFileSync(activityFile(), [whole[0].slice(0, cut), whole[0].slice(cut + 1), ...whole.slice(1)].join('\n'))
    const split = history()
    expect(split.notice).toMatch(/2 damaged lines were skipped/)
    expect(split.query(q({ kinds: ['info'] })).events.map((e) => e.message)).toEqual(['two'])
  })
})

describe('activity history read lazily', () => {
  it('a new run appends before reading the file; reading later merges both runs, folds and reasons intact', async () => {
    const first = history()
    await cycle(first, [info('Kept 5 offers.'), { kind: 'fill', currency: 'USD', dryRun: false, loanId: 1, message: 'Offer filled (run 1).' }])
    await cycle(first, [info('Kept 5 offers.')])
    first.setOfferReason(7, 'old reason')
    first.setOfferReason(8, 'kept reason')
    first.endCycle()

    // Run 2 records, folds and flushes for a while before anything asks what the file holds.
    const second = history()
    await cycle(second, [info('Market is calm.')])
    await cycle(second, [info('Market is calm.')])
    second.setOfferReason(7, 'new reason')
    await cycle(second, [info('Market is calm.')])
    expect(second.offerReason(7)).toBe('new reason')
    expect(second.offerReason(8)).toBe('kept reason')
    await cycle(second, [info('Market is calm.')])
    const page = second.query(q())
    expect(page.events.map((e) => [e.message, e.count])).toEqual([
      ['Market is calm.', 4],
      // Recorded in the same cycle as the fold that started, after it.
      ['Offer filled (run 1).', 1],
      ['Kept 5 offers.', 2]
    ])
    expect(new Set(page.events.map((e) => e.id)).size).toBe(3)

    // A third run sees the same, read at once or after appending.
    expect(history().query(q()).events.map((e) => [e.message, e.count])).toEqual(page.events.map((e) => [e.message, e.count]))
    const third = history()
    third.record(info('Market is calm.'))
    third.endCycle()
    expect(third.query(q()).events.map((e) => e.message)).toEqual(['Market is calm.', 'Market is calm.', 'Offer filled (run 1).', 'Kept 5 offers.'])
  })

  it('a run that starts after a kill mid-write cuts the unfinished line off before its first append', async () => {
    const first = history()
    await cycle(first, [info('one')])
    appendFileSync(activityFile(), '{"t":"e","e":{"id":"x","at"')
    const second = history()
    await cycle(second, [info('two')])
    expect(second.notice).toBeNull()
    expect(second.query(q()).events.map((e) => e.message)).toEqual(['two', 'one'])
    expect(readdirSync(dir).some((f) => f.includes('.corrupt-'))).toBe(false)
  })

  it('with nobody reading it, the file is still compacted from the second cycle on (its size stays bounded)', async () => {
    const store = history({ activityEvents: 10 })
    for (let i = 0; i < 30; i++) await cycle(store, [info(`line ${i}`)])
    const again = history({ activityEvents: 10 })
    for (let i = 0; i < 30; i++) await cycle(again, [info(`more ${i}`)])
    const lines = readFileSync(activityFile(), 'utf8').split('\n').filter(Boolean).length
    expect(lines).toBeLessThanOrEqual(2 * 11 + 1000)
    expect(again.query(q()).events.length).toBeLessThanOrEqual(11)
  })
})

describe('earnings history', () => {
  it('earnings events: recorded once per id, bounded, filtered by currency', () => {
    const store = history({ earningsEvents: 3 })
    const ev = (id: string, at: number, currency = 'USD') => ({ id, at, currency, kind: 'loanClosed' as const, loanId: 1, interest: 0.1 })
    expect(store.addEarningsEvent(ev('loan-1', 10))).toBe(true)
    expect(store.addEarningsEvent(ev('loan-1', 10))).toBe(false)
    store.addEarningsEvent(ev('loan-2', 20, 'BTC'))
    store.addEarningsEvent(ev('loan-3', 30))
    store.addEarningsEvent(ev('loan-4', 40))
    store.persist()
    expect(store.earningsEvents().map((e) => e.id)).toEqual(['loan-2', 'loan-3', 'loan-4'])
    expect(store.earningsEvents('USD').map((e) => e.id)).toEqual(['loan-3', 'loan-4'])
    expect(history({ earningsEvents: 3 }).earningsEvents().map((e) => e.id)).toEqual(['loan-2', 'loan-3', 'loan-4'])
  })

  it('interest payments: merged by id per currency, bounded, the newest is where the next read starts', () => {
    const store = history({ interestPayments: 4 })
    expect(store.mergeInterestPayments('USD', [3, 1, 2].map((i) => payment(i))).map((p) => p.id)).toEqual([1, 2, 3])
    expect(store.mergeInterestPayments('USD', [2, 3, 4, 5].map((i) => payment(i))).map((p) => p.id)).toEqual([4, 5])
    // Overlapping ledger pages can repeat a payment within one batch: it is still one payment.
    expect(store.mergeInterestPayments('USD', [5, 5].map((i) => payment(i)))).toEqual([])
    expect(store.mergeInterestPayments('EUR', [7, 7].map((i) => payment(i, 'EUR')))).toHaveLength(1)
    store.mergeInterestPayments('UST', [payment(9, 'UST')])
    store.persist()
    const again = history({ interestPayments: 4 })
    expect(again.interestPayments('USD').map((p) => p.id)).toEqual([2, 3, 4, 5])
    expect(again.interestPayments('UST').map((p) => p.id)).toEqual([9])
    expect(again.ledgerSyncedThrough('USD')).toBe(Date.UTC(2025, 0, 5))
    expect(again.ledgerSyncedThrough('BTC')).toBeNull()
  })

  it('a damaged earnings line costs that line only, never the activity history', async () => {
    const store = history()
    await cycle(store, [info('kept')])
    store.mergeInterestPayments('USD', [payment(1), payment(2)])
    store.persist()
    const lines = readFileSync(join(dir, 'earnings.jsonl'), 'utf8').split('\n')
    writeFileSync(join(dir, 'earnings.jsonl'), ['{oops', lines[1], ''].join('\n'))
    const again = history()
    expect(again.interestPayments('USD').map((p) => p.id)).toEqual([2])
    expect(again.notice).toMatch(/damaged line was skipped in your earnings history file/)
    expect(again.query(q({ kinds: ['info'] })).events.map((e) => e.message)).toEqual(['kept'])
  })

  it('imports the files of older versions once and keeps them as .imported', () => {
    const at = Date.UTC(2024, 11, 31)
    writeFileSync(
      join(dir, 'history.json'),
      JSON.stringify({ version: 1, decisions: [{ id: 'd1', at, currency: 'USD', kind: 'place', message: 'Old offer.', dryRun: false }], offerReasons: [] })
    )
    writeFileSync(
      join(dir, 'earnings.json'),
      JSON.stringify({ version: 1, earningsEvents: [{ id: 'loan-1', at, currency: 'USD', kind: 'loanClosed', interest: 0.2 }], interestPayments: [payment(1)], ledgerSyncedThrough: {} })
    )
    const store = history()
    expect(store.decisions(10).map((d) => d.message)).toEqual(['Old offer.'])
    expect(store.earningsEvents().map((e) => e.id)).toEqual(['loan-1'])
    expect(store.interestPayments('USD').map((p) => p.id)).toEqual([1])
    expect(existsSync(join(dir, 'history.json'))).toBe(false)
    expect(existsSync(join(dir, 'earnings.json.imported'))).toBe(true)
    expect(history().interestPayments('USD').map((p) => p.id)).toEqual([1])
  })
})

describe('runtime state store (nonce, last run state)', () => {
  it('persists a lease above the nonce, never lowers it, and writes once per lease', async () => {
    const s = state()
    expect(await s.nonceStore.load()).toBe(0)
    const n = 1_735_689_600_000_000
    await s.nonceStore.save(n)
    const written = statSync(join(dir, 'state.json')).mtimeMs
    const size = readFileSync(join(dir, 'state.json'), 'utf8')
    // Nonces inside the lease write nothing: no fsync per request.
    for (let i = 1; i < 1000; i++) await s.nonceStore.save(n + i * 1000)
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(size)
    expect(statSync(join(dir, 'state.json')).mtimeMs).toBe(written)
    await s.nonceStore.save(n - 1_000_000) // lower: ignored
    const again = state()
    // After a restart the generator starts above every nonce used before.
    expect(await again.nonceStore.load()).toBe(n + NONCE_LEASE_US)
    await again.nonceStore.save(n + NONCE_LEASE_US + 1)
    expect(await state().nonceStore.load()).toBe(n + 2 * NONCE_LEASE_US + 1)
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

  it('garbage state file: reset with a notice, never a crash', async () => {
    writeFileSync(join(dir, 'state.json'), '\u0000\u0001garbage')
    const s = state()
    expect(s.notice).toMatch(/app state file could not be used/)
    expect(await s.nonceStore.load()).toBe(0)
  })
})

describe('damaged-file backups', () => {
  it('keeps only the newest few beside the file', async () => {
    for (let i = 0; i < 6; i++) {
      writeFileSync(join(dir, 'settings.json'), `{broken ${i}`)
      expect(createSettingsStore({ backend: createConfBackend({ cwd: dir, name: 'settings' }), logger, clock }).notice).toMatch(/could not be used/)
      await clock.advance(1000)
    }
    const backups = readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-')).sort()
    expect(backups).toHaveLength(KEPT_BACKUPS)
    // The newest are the ones kept.
    expect(readFileSync(join(dir, backups[backups.length - 1]), 'utf8')).toBe('{broken 5')
    expect(readFileSync(join(dir, backups[0]), 'utf8')).toBe(`{broken ${6 - KEPT_BACKUPS}`)
  })
})
