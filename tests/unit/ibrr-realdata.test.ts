// Sanity on the real Bitfinex books (not a tuning target): plans on every 10th hourly snapshot keep
// every invariant, and long loans only go to visible long bids or spikes.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { plan } from '../../src/main/ibrr'
import { marketSnapshotSchema, type Candle, type MarketSnapshot } from '../../src/shared/domain'
import { account, settings } from './ibrr-fixtures'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const dataDir = path.resolve(repoRoot, '..', 'shared/data/bitfinex')
const exists = existsSync(path.join(dataDir, 'fUSD-book-P0-hourly.csv'))

function csv(file: string): number[][] {
  return readFileSync(path.join(dataDir, file), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number))
}

function snapshots(symbol: string, file: string, candles: Candle[]): MarketSnapshot[] {
  const bySnapshot = new Map<number, number[][]>()
  for (const row of csv(file)) bySnapshot.set(row[0], [...(bySnapshot.get(row[0]) ?? []), row])
  return [...bySnapshot.keys()]
    .sort((a, b) => a - b)
    .filter((_, k) => k % 10 === 0)
    .map((mts) => {
      const rows = bySnapshot.get(mts)!
      const side = (sign: number) => rows.filter((r) => Math.sign(r[4]) === sign).map(([, rate, period, count, amount]) => ({ rate, period, count, amount: Math.abs(amount) }))
      const asks = side(1)
      return marketSnapshotSchema.parse({
        symbol,
        takenAt: mts,
        ticker: { frr: 0, bid: 0, bidPeriod: 2, bidSize: 0, ask: asks[0]?.rate ?? 0, askPeriod: 2, askSize: 0, dailyChange: 0, dailyChangePerc: 0, lastPrice: 0, volume: 0, high: 0, low: 0, frrAmountAvailable: 0 },
        book: { asks, bids: side(-1) },
        trades: [],
        candles: candles.filter((c) => c.mts <= mts && c.mts > mts - 72 * 3_600_000)
      })
    })
}

describe.skipIf(!exists)('IBRR on real Bitfinex books (needs ../shared/data/bitfinex beside the repo; skipped when absent)', () => {
  it('fUSD: every plan keeps the invariants and locks long only at long bids or spikes', () => {
    const candles = csv('fUSD-candles-1h.csv').map(([mts, open, close, high, low, volume]) => ({ mts, open, close, high, low, volume }))
    const snaps = snapshots('fUSD', 'fUSD-book-P0-hourly.csv', candles)
    expect(snaps.length).toBeGreaterThan(40)
    let placed = 0
    for (const m of snaps) {
      const available = 25_000.123456789
      const p = plan(m, account({ available }), settings(), m.takenAt)
      placed += p.place.length
      expect(p.place.reduce((s, o) => s + o.amount, 0)).toBeLessThanOrEqual(available)
      const bestBid = (period: number) => Math.max(0, ...m.book.bids.filter((b) => b.period <= period).map((b) => b.rate))
      for (const o of p.place) {
        expect(o.amount).toBeGreaterThanOrEqual(150)
        expect(o.rate).toBeGreaterThanOrEqual(0.0001)
        if (o.period > 2 && o.fillProbability === 0.95) expect(o.rate).toBeLessThanOrEqual(bestBid(o.period))
        if (o.period > 2 && o.fillProbability !== 0.95) expect(p.reasons.join(' ')).toMatch(/Spike detected|Borrowers bid/)
      }
    }
    expect(placed).toBeGreaterThan(snaps.length)
  })

  it('fBTC: tiny rates (~4e-8/day) stay on a 5-significant-digit grid', () => {
    const s = settings()
    s.currencies.BTC = { ...s.currencies.BTC, enabled: true, minDailyRate: 0 }
    for (const m of snapshots('fBTC', 'fBTC-book-P0-hourly.csv', []).slice(0, 10)) {
      const p = plan(m, account({ currency: 'BTC', available: 0.5, usdPrice: 60_000 }), s, m.takenAt)
      expect(p.place.length).toBeGreaterThan(0)
      for (const o of p.place) {
        expect(o.rate).toBeGreaterThan(0)
        expect(Number(o.rate.toPrecision(5))).toBe(o.rate)
        expect(o.amount).toBeGreaterThanOrEqual(150 / 60_000)
      }
    }
  })
})
