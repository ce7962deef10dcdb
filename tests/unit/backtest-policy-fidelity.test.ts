// The fidelity of the replayed bot policy to the bot's own record (src/main/backtest/policyFidelity.ts):
// the recorder sees every fill of a strategy's offers with its period, amount, rate and wait; the
// summary weighs rates by amount; on the shared data the real and replayed fills are set side by side.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { asStartingLoans, fillShare, inheritedCredits, loadBotCredits, loadLendingbotPolicy, measureForBacktest, policyFidelity, runBacktestOnDataset, type Strategy } from '../../src/main/backtest'
import { recordingFills, summarizeFills, type RunRecord } from '../../src/main/backtest/policyFidelity'
import { createMemoryDataset, loadCurrencyDataset } from '../../src/main/exchange/simulated'
import { loadBotFills, loadBotRealized } from '../../src/main/exchange/simulated/calibration'
import { level, syntheticMarket, TINY_MARKET } from '../support/syntheticMarket'

const T0 = Date.UTC(2026, 7, 16)
const MIN = 60_000
const HOUR = 60 * MIN
const SHARED = path.resolve(__dirname, '../../../shared/data/bitfinex')

/** Places one 200 USD 2-day offer at its first step; says its chain began `chainAgeMs` earlier. */
function oneOffer(chainAgeMs: number | null): Strategy & { chainStartedAt?(id: number): number | undefined } {
  let placedAt = 0
  let id = -1
  return {
    name: 'one-offer',
    description: 'one offer',
    async step(ctx) {
      if (id >= 0) return
      placedAt = ctx.now
      id = (await ctx.exchange.submitOffer({ symbol: ctx.symbol, type: 'LIMIT', amount: 200, rate: 0.0001, period: 2 })).id
    },
    ...(chainAgeMs === null ? {} : { chainStartedAt: (offerId: number) => (offerId === id ? placedAt - chainAgeMs : undefined) })
  }
}

async function recordOne(chainAgeMs: number | null): Promise<RunRecord> {
  // No traded volume; a 2-day bid of 1 000 USD at 0.0003 in every hourly snapshot (a minute past the hour).
  const market = syntheticMarket({ ...TINY_MARKET(T0), hours: 6, candleVolume: 0, bids: () => [level(0.0003, 2, 1000)] })
  const record: RunRecord = { fills: [], steps: [] }
  await runBacktestOnDataset(createMemoryDataset('USD', market), {
    capital: 1000,
    strategies: [],
    extraStrategies: [() => recordingFills(oneOffer(chainAgeMs), record)],
    stepMinutes: 10,
    from: T0 + 2 * HOUR,
    to: T0 + 3 * HOUR,
    bands: ['central']
  })
  return record
}

describe('recording a strategy\'s fills', () => {
  it('records each fill with its period, amount, the offer\'s rate and the wait from its chain\'s start', async () => {
    // Placed at 2:00; the 2:01 snapshot's bid takes it, seen at the 2:10 step: counted at 2:05.
    const fromChain = await recordOne(60 * MIN)
    expect(fromChain.fills).toHaveLength(1)
    const f = fromChain.fills[0]
    expect(f).toMatchObject({ period: 2, rate: 0.0001, mts: T0 + 2 * HOUR + 5 * MIN })
    expect(f.amount).toBeCloseTo(200, 6)
    expect(f.waitMinutes).toBeCloseTo(65, 9)
    // Without a chain, the wait counts from the offer itself (the bot's latest_offer_wait_minutes).
    expect((await recordOne(null)).fills[0].waitMinutes).toBeCloseTo(5, 9)
  })

  it('keeps lent and wallet capital per step, so utilization and the period mix can be cut by day', async () => {
    const r = await recordOne(null)
    const lentAtEnd = r.steps[r.steps.length - 1].lentByPeriod.get(2) ?? 0
    expect(lentAtEnd).toBeCloseTo(200, 6)
    for (const s of r.steps) expect(s.equity).toBeCloseTo(1000, 1)
  })

  it('summarizes fills with an amount-weighted rate and the median wait', () => {
    const s = summarizeFills([
      { mts: 0, period: 2, amount: 100, rate: 0.0002, waitMinutes: 10 },
      { mts: 0, period: 2, amount: 300, rate: 0.0003, waitMinutes: 30 },
      { mts: 0, period: 2, amount: 100, rate: 0.0001, waitMinutes: null }
    ])
    expect(s).toMatchObject({ fills: 3, amount: 500 })
    expect(s.rate).toBeCloseTo((0.02 + 0.09 + 0.01) / 500, 12)
    expect(s.medianWaitMin).toBe(20)
    expect(summarizeFills([])).toEqual({ fills: 0, amount: 0, rate: null, medianWaitMin: null })
  })
})

describe.skipIf(!existsSync(path.join(SHARED, 'lendingbot')))('the bot\'s policy against its own record (skipped without ../shared data)', () => {
  it('compares the books-only days and the days with candles apart, and the 7-day share of the fills follows the record', async () => {
    const ds = await loadCurrencyDataset(SHARED, 'USD')
    const [cal, policy, fills, realized, credits] = await Promise.all([measureForBacktest(SHARED, ds), loadLendingbotPolicy(SHARED), loadBotFills(SHARED), loadBotRealized(SHARED), loadBotCredits(SHARED)])
    // Like for like: the bot's capital with the loans it held before its window (the record's utilization counts them).
    const inherited = inheritedCredits(credits!, realized!).credits
    const result = await policyFidelity(ds, fills!, policy!, cal, { capital: realized!.averagePrincipal, from: realized!.from, startingLoans: asStartingLoans(inherited) })
    expect(result.map((w) => w.window.complete)).toEqual([false, true])
    // The inherited 120-day loans (42 % of the capital) are lent through every step of the replay (a share
    // of the equity, which grows a little with the interest earned).
    const inheritedShare = inherited.reduce((s, c) => s + c.amount, 0) / realized!.averagePrincipal
    expect(inheritedShare).toBeGreaterThan(0.4)
    for (const w of result) expect(w.rows.find((r) => r.period === 120)!.replayLentShare * w.replayUtilization).toBeGreaterThan(0.99 * inheritedShare)
    const withCandles = result[1]
    // The record: 89 two-day fills and one seven-day fill from 08-16 16:00 to the last book.
    expect(withCandles.rows.find((r) => r.period === 2)!.real.fills).toBe(89)
    expect(fillShare(withCandles, 7).real).toBeLessThan(0.02)
    // Before the V3.5 reading of the period split the replay gave 7 days 55 % of its fills there.
    expect(fillShare(withCandles, 7).replay).toBeLessThan(0.15)
    expect(withCandles.replayUtilization).toBeGreaterThan(0.9)
  }, 60_000)
})
