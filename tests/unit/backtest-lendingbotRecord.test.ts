// The real bot's inherited loans: the credits of its record opened before a replayed window and still
// active at its snapshot (after the window's end), read with zod; what they add to its realized APR; and
// backtests that start with them (every strategy's inherited loans earn the same).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { asStartingLoans, botTargetCells, botTargetSummary, botWindows, defaultSpan, inheritedCredits, inheritedShare, loadBotCredits, loadLendingbotPolicy, managedApr, runBacktestOnDataset } from '../../src/main/backtest'
import { createMemoryDataset, dataSpans, loadCurrencyDataset } from '../../src/main/exchange/simulated'
import { loadBotRealized, loadBotRealizedWindows } from '../../src/main/exchange/simulated/calibration'
import { BITFINEX_LENDER_FEE } from '../../src/shared/domain'
import { syntheticMarket, TINY_MARKET } from '../support/syntheticMarket'

const DAY = 86_400_000
const SHARED = path.resolve(__dirname, '../../../shared/data/bitfinex')
const FROM = Date.UTC(2026, 7, 6, 16, 13)
const TO = Date.UTC(2026, 8, 2)
const SNAPSHOT = '2026-09-06T12:23:15.963000+08:00' // 04:23 UTC, after TO

/** A credit in the record's own shape (decimals as strings). */
const credit = (amount: string, rate: string, period: number, opened: number, o: Record<string, unknown> = {}) => ({
  credit_id: Math.round(opened / 1000),
  currency: 'USD',
  amount,
  rate,
  period,
  rate_type: 'FIXED',
  status: 'ACTIVE',
  managed: 0,
  mts_opening: opened,
  last_seen_ms: Date.parse(SNAPSHOT),
  ...o
})

const RECORD = {
  snapshot_bjt: SNAPSHOT,
  active_credits: [
    credit('1000', '0.0003', 120, FROM - 30 * DAY),
    credit('2000.5', '0.00036', 120, FROM - DAY, { managed: 1 }),
    credit('500', '0.0002', 30, FROM + DAY, { managed: 1 }), // opened inside the window: the strategies' to place
    credit('700', '0.0002', 2, FROM - 2 * DAY, { rate_type: 'VAR' }), // variable: its past rate is unknown
    credit('300', '0.0003', 30, FROM - 3 * DAY, { status: 'CLOSED' })
  ]
}

const dirs: string[] = []
function folderWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lendpace-botrecord-'))
  dirs.push(dir)
  mkdirSync(path.join(dir, 'lendingbot'))
  for (const [name, json] of Object.entries(files)) writeFileSync(path.join(dir, 'lendingbot', name), typeof json === 'string' ? json : JSON.stringify(json))
  return dir
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('the bot record reader', () => {
  it('inherits the fixed-rate credits opened before the window and active at a snapshot after its end', async () => {
    // The lending analysis holds aggregated credits (no opening time): the reader passes it by for the review.
    const dir = folderWith({ 'a-analysis.json': { snapshot_bjt: SNAPSHOT, active_credits: [{ period: 2, managed: 1, n: 12, amount: 2132.1 }] }, 'b-review.json': RECORD })
    const record = (await loadBotCredits(dir))!
    expect(record.source).toBe('lendingbot/b-review.json active_credits')
    expect(record.snapshot).toBe(Date.UTC(2026, 8, 6, 4, 23, 15, 963))
    expect(record.variable).toBe(1)
    const inh = inheritedCredits(record, { from: FROM, to: TO })
    expect(inh.none).toBeNull()
    expect(inh.credits).toEqual([
      { amount: 1000, rate: 0.0003, period: 120, openedAt: FROM - 30 * DAY, managed: false },
      { amount: 2000.5, rate: 0.00036, period: 120, openedAt: FROM - DAY, managed: true }
    ])
    // As starting loans: their term end stands in for their life past the snapshot.
    expect(asStartingLoans(inh.credits)[0]).toEqual({ amount: 1000, rate: 0.0003, period: 120, openedAt: FROM - 30 * DAY, endsAt: FROM + 90 * DAY })
  })

  it('inherits nothing, and says why, when the snapshot is before the window ends', async () => {
    const record = (await loadBotCredits(folderWith({ 'r.json': RECORD })))!
    const inh = inheritedCredits(record, { from: FROM, to: Date.UTC(2026, 8, 10) })
    expect(inh.credits).toEqual([])
    expect(inh.none).toMatch(/snapshot \(2026-09-06 04:23 UTC\) is before the window's end/)
  })

  it('returns null without a record, and a sentence naming the field for a malformed credit', async () => {
    expect(await loadBotCredits(path.join(tmpdir(), 'lendpace-no-such-folder'))).toBeNull()
    expect(await loadBotCredits(folderWith({ 'x.json': { policy: {} } }))).toBeNull()
    const bad = { ...RECORD, active_credits: [credit('lots', '0.0003', 120, FROM - DAY)] }
    await expect(loadBotCredits(folderWith({ 'r.json': bad }))).rejects.toThrow(/r\.json active_credits: the bot's active credits cannot be read \(active_credits\.0\.amount: /)
  })

  it('computes what the inherited credits add to the realized APR, and the managed part it leaves', () => {
    const credits = [
      { amount: 4000, rate: 0.0003, period: 120, openedAt: 0, managed: false },
      { amount: 1000, rate: 0.0004, period: 120, openedAt: 0, managed: false }
    ]
    const s = inheritedShare(credits, 10_000)
    expect(s.amount).toBe(5000)
    expect(s.rate).toBeCloseTo(0.00032, 12)
    expect(s.share).toBe(0.5)
    expect(s.contribution).toBeCloseTo((5000 * 0.00032 * 365 * (1 - BITFINEX_LENDER_FEE)) / 10_000, 12)
    // 8 % realized, 4.964 of it from the inherited half: the managed half earned 2 × 3.036 %.
    expect(managedApr(0.08, s)).toBeCloseTo((0.08 - s.contribution) / 0.5, 12)
    expect(managedApr(0.08, inheritedShare(credits, 5000))).toBeNull()
  })

  it.skipIf(!existsSync(SHARED))('reads the real bot record: seven 120-day credits, 5 753 USD, 42 % of its principal (skipped without ../shared/data)', async () => {
    const record = (await loadBotCredits(SHARED))!
    const realized = (await loadBotRealized(SHARED))!
    const inh = inheritedCredits(record, realized)
    expect(inh.source).toMatch(/^lendingbot\/yield-review-.*\.json active_credits$/)
    expect(inh.credits).toHaveLength(7)
    expect(inh.credits.every((c) => c.period === 120 && c.openedAt < realized.from && !c.managed)).toBe(true)
    const s = inheritedShare(inh.credits, realized.averagePrincipal)
    expect(s.amount).toBeCloseTo(5753.33, 2)
    expect(s.rate).toBeCloseTo(0.00031205, 8)
    expect(s.share).toBeCloseTo(0.42, 2)
    expect(s.contribution).toBeCloseTo(0.0406, 4)
  })
})

describe("every realized window of the bot's record", () => {
  // The lending analysis's shape: realized windows ending at its own snapshot (09-05 16:13 UTC).
  const ANALYSIS_SNAPSHOT = '2026-09-06T00:13:20.414000+08:00'
  const END = Date.UTC(2026, 8, 5, 16, 13, 20, 414)
  const window = (apr: number, principal: number, utilization: number) => ({ cash_net_apr_percent: apr, average_principal: principal, utilization_percent: utilization, net_income: 1 })
  const ANALYSIS = {
    snapshot_bjt: ANALYSIS_SNAPSHOT,
    windows: { '7': window(8.7, 13_743, 98.2), '30': window(8.68, 13_705, 96.4), '14': window(8.74, 13_730, 98.1), '1': window(9.1, 13_800, 99), all: window(1, 1, 1) }
  }
  const start = (days: number) => END - days * DAY
  // One credit before every start, one between the 30- and 14-day starts (placed by the bot), one between
  // the 14- and 7-day starts, one inside every window: all active at the credits' snapshot.
  const CREDITS = {
    snapshot_bjt: SNAPSHOT,
    active_credits: [
      credit('1000', '0.0003', 120, start(30) - DAY),
      credit('400', '0.00025', 30, start(14) - 3 * DAY, { managed: 1 }),
      credit('300', '0.00028', 30, start(7) - DAY, { managed: 1 }),
      credit('200', '0.00024', 2, start(7) + DAY, { managed: 1 })
    ]
  }
  const DATA = { from: Date.UTC(2026, 6, 21), to: Date.UTC(2026, 8, 2) }

  it('reads every window with its realized APR, longest first, and each one on its own', async () => {
    const dir = folderWith({ 'a-analysis.json': ANALYSIS, 'b-review.json': CREDITS })
    const all = await loadBotRealizedWindows(dir)
    expect(all.map((w) => w.days)).toEqual([30, 14, 7, 1])
    const w14 = all[1]
    expect(w14).toEqual({ source: 'lendingbot/a-analysis.json windows["14"].cash_net_apr_percent', days: 14, from: start(14), to: END, netApr: 0.0874, averagePrincipal: 13_730, utilization: 0.981 })
    expect(all.map((w) => w.netApr)).toEqual([0.0868, 0.0874, 0.087, 0.091])
    expect(await loadBotRealized(dir, 14)).toEqual(w14)
    expect(await loadBotRealized(dir)).toEqual(all[0])
    expect(await loadBotRealized(dir, 90)).toBeNull()
    expect(await loadBotRealizedWindows(folderWith({ 'r.json': CREDITS }))).toEqual([])
  })

  it("inherits per window the credits opened before THAT window's start, and keeps only windows that overlap the data", async () => {
    const dir = folderWith({ 'a-analysis.json': ANALYSIS, 'b-review.json': CREDITS })
    const bots = botWindows(await loadBotRealizedWindows(dir), await loadBotCredits(dir), DATA)
    // The 1-day window (09-04 → 09-05) lies after the data's end: not replayable.
    expect(bots.map((b) => b.realized.days)).toEqual([30, 14, 7])
    expect(bots.map((b) => [b.from, b.to])).toEqual([
      [start(30), DATA.to],
      [start(14), DATA.to],
      [start(7), DATA.to]
    ])
    const amounts = (b: (typeof bots)[number]) => b.runs!.credits.map((c) => c.amount)
    expect(bots.map(amounts)).toEqual([[1000], [1000, 400], [1000, 400, 300]])
    // The credit the bot placed between the 30- and 14-day starts is inherited by the 14-day window only
    // (in the 30-day window it is the strategies' to place), and counted as the bot's own.
    expect(bots[1].runs!.credits[1].managed).toBe(true)
    expect(bots.map((b) => b.realizedInheritance!.credits.length)).toEqual([1, 2, 3])
    expect(bots[1].share).toEqual(inheritedShare(bots[1].realizedInheritance!.credits, 13_730))
    // Without a record of individual credits: the windows are still replayed, with nothing inherited.
    const bare = botWindows(await loadBotRealizedWindows(dir), null, DATA)
    expect(bare.map((b) => [b.realized.days, b.runs, b.share])).toEqual([
      [30, null, null],
      [14, null, null],
      [7, null, null]
    ])
  })

  it.skipIf(!existsSync(SHARED))("on the real record: the 30-, 14- and 7-day windows, each inheriting more of the bot's own loans (skipped without ../shared/data)", async () => {
    const ds = await loadCurrencyDataset(SHARED, 'USD')
    const main = defaultSpan(dataSpans(ds))!
    const bots = botWindows(await loadBotRealizedWindows(SHARED), await loadBotCredits(SHARED), main)
    expect(bots.map((b) => b.realized.days)).toEqual([30, 14, 7])
    expect(bots.map((b) => +(b.realized.netApr * 100).toFixed(2))).toEqual([8.68, 8.74, 8.74])
    expect(bots.map((b) => +((b.to - b.from) / DAY).toFixed(1))).toEqual([26.3, 10.3, 3.3])
    const held = bots.map((b) => b.runs!.credits)
    expect(held.map((c) => c.length)).toEqual([7, 16, 25])
    expect(held.map((c) => c.filter((x) => x.managed).length)).toEqual([0, 9, 18])
    for (const [i, b] of bots.entries()) expect(held[i].every((c) => c.openedAt < b.from)).toBe(true)
  })
})

describe('backtests that start with inherited loans', () => {
  const T0 = Date.UTC(2026, 7, 16)
  const loans = [
    { amount: 3000, rate: 0.0003, period: 120, openedAt: T0 - 10 * DAY, endsAt: T0 + 110 * DAY },
    { amount: 1000, rate: 0.00035, period: 120, openedAt: T0 - 40 * DAY, endsAt: T0 + 80 * DAY }
  ]
  const strategies = ['ibrr', 'mika', 'ladder', 'undercut', 'frr']

  it('start every strategy with the same loans, which earn the same in every run, strategy and band', async () => {
    const ds = createMemoryDataset('USD', syntheticMarket(TINY_MARKET(T0)))
    const to = T0 + 48 * 3_600_000
    const report = await runBacktestOnDataset(ds, { capital: 10_000, strategies: [...strategies, 'bound'], from: T0, to, startingLoans: loans })
    const expected = loans.reduce((s, l) => s + l.amount * l.rate * 2 * (1 - BITFINEX_LENDER_FEE), 0)
    for (const band of ['low', 'central', 'high'] as const)
      for (const name of strategies) {
        const r = report.bands![band]!.strategies[name]
        expect(r.startingEarnings, `${band} ${name}`).toBeCloseTo(expected, 9)
        expect(r.earnings).toBeGreaterThanOrEqual(r.startingEarnings! - 1e-9)
      }
    // IBRR lends the free 6 000 beside them on this market: it earns more than the inherited loans alone.
    expect(report.strategies.ibrr.earnings).toBeGreaterThan(expected * 1.05)
    expect(report.strategies.bound).toBeUndefined()
    expect(report.notes.join(' ')).toMatch(/same 2 loans already lent \(4000\.00 USD, 40\.0 % of the 10000 capital.*manage the other 6000\.00\. bound: not run/)
    // From an empty account the field is absent.
    const empty = await runBacktestOnDataset(ds, { capital: 10_000, strategies: ['ibrr'], from: T0, to, bands: ['central'] })
    expect(empty.strategies.ibrr.startingEarnings).toBeUndefined()
  })

  it('refuses starting loans that take the whole capital', async () => {
    const ds = createMemoryDataset('USD', syntheticMarket(TINY_MARKET(T0)))
    await expect(runBacktestOnDataset(ds, { capital: 4000, strategies: ['ibrr'], startingLoans: loans })).rejects.toThrow(/take all of the capital/)
  })

  it.skipIf(!existsSync(SHARED))("replays the start of every bot window with the loans held then, for IBRR and its own policy alike (skipped without ../shared/data)", async () => {
    const ds = await loadCurrencyDataset(SHARED, 'USD')
    const main = defaultSpan(dataSpans(ds))!
    const botPolicy = await loadLendingbotPolicy(SHARED)
    for (const bot of botWindows(await loadBotRealizedWindows(SHARED), await loadBotCredits(SHARED), main)) {
      const credits = bot.runs!.credits
      const to = bot.from + DAY
      const report = await runBacktestOnDataset(ds, {
        capital: bot.realized.averagePrincipal,
        strategies: ['ibrr', 'lendingbot'],
        from: bot.from,
        to,
        bands: ['central'],
        botPolicy,
        startingLoans: asStartingLoans(credits)
      })
      const expected = credits.reduce((s, c) => s + c.amount * c.rate * 1 * (1 - BITFINEX_LENDER_FEE), 0)
      expect(report.strategies.ibrr.startingEarnings, `${bot.realized.days} days`).toBeCloseTo(expected, 6)
      expect(report.strategies.lendingbot.startingEarnings, `${bot.realized.days} days`).toBeCloseTo(expected, 6)
      expect(botTargetCells(report, bot.realized.netApr)).toHaveLength(1)
    }
  })
})

describe('the bot-window target', () => {
  it('judges IBRR against the realized APR in every band, with the replayed policy beside it', () => {
    const result = (netApr: number) => ({ netApr, utilization: 0.9, avgRate: 0.0003, earnings: 1, placed: 1, cancelled: 0, curve: [] })
    const report = {
      currency: 'USD' as const,
      capital: 13_704,
      from: 0,
      to: DAY,
      notes: [],
      strategies: { ibrr: result(0.088) },
      bands: { low: { strategies: { ibrr: result(0.07), lendingbot: result(0.075) } }, central: { strategies: { ibrr: result(0.088) } } }
    }
    expect(botTargetCells(report, 0.0868)).toEqual([
      { band: 'low', ibrr: 0.07, policy: 0.075, met: false },
      { band: 'central', ibrr: 0.088, policy: null, met: true }
    ])
    // Over a window's runs: counted cells, and IBRR / policy only where the policy ran.
    expect(botTargetSummary([report, report], 0.0868)).toEqual({ met: 2, of: 4, ibrr: [0.07, 0.088, 0.07, 0.088], policy: [0.075, 0.075], overPolicy: [0.07 / 0.075, 0.07 / 0.075] })
  })
})
