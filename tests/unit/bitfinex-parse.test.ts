// Parsing Bitfinex's raw arrays by index: documented layouts, arrays that grow, placeholder nulls.
import { describe, expect, it } from 'vitest'
import { ExchangeError } from '../../src/main/exchange/errors'
import * as P from '../../src/main/exchange/bitfinex/parse'

describe('funding ticker', () => {
  const raw = [0.0003, 0.00028, 30, 1_200_000, 0.00029, 2, 900_000, -0.00001, -0.033, 0.000285, 55_000_000, 0.0004, 0.0001, null, null, 2_500_000]

  it('maps all 16 fields by position, size and period not swapped, FRR amount from [15]', () => {
    expect(P.parseWith(P.fundingTickerArray, raw, 'ticker')).toEqual({
      frr: 0.0003,
      bid: 0.00028,
      bidPeriod: 30,
      bidSize: 1_200_000,
      ask: 0.00029,
      askPeriod: 2,
      askSize: 900_000,
      dailyChange: -0.00001,
      dailyChangePerc: -0.033,
      lastPrice: 0.000285,
      volume: 55_000_000,
      high: 0.0004,
      low: 0.0001,
      frrAmountAvailable: 2_500_000
    })
  })

  it('tolerates fields appended later and values appearing in placeholders', () => {
    const grown = [...raw.slice(0, 13), 7, 'x', 2_500_000, 'new', 1]
    expect(P.parseWith(P.fundingTickerArray, grown, 'ticker').frrAmountAvailable).toBe(2_500_000)
  })

  it('rejects a short or malformed array with an ExchangeError that does not echo the data', () => {
    expect(() => P.parseWith(P.fundingTickerArray, raw.slice(0, 10), 'the funding ticker')).toThrow(ExchangeError)
    try {
      P.parseWith(P.fundingTickerArray, ['secret-looking', ...raw.slice(1)], 'the funding ticker')
    } catch (e) {
      expect((e as Error).message).not.toContain('secret-looking')
    }
  })
})

describe('book', () => {
  it('P0: positive amount is a lender ask, negative a borrower bid; sorted best first', () => {
    const book = P.parseWith(P.aggregatedBook, [
      [0.0003, 2, 5, 1000],
      [0.0002, 30, 2, -500],
      [0.00025, 7, 1, 300],
      [0.00021, 120, 1, -800, 'extra']
    ], 'book')
    expect(book.asks.map((l) => l.rate)).toEqual([0.00025, 0.0003])
    expect(book.bids).toEqual([
      { rate: 0.00021, period: 120, count: 1, amount: 800 },
      { rate: 0.0002, period: 30, count: 2, amount: 500 }
    ])
  })

  it('R0 swaps rate and period relative to P0', () => {
    const book = P.parseWith(P.rawBook, [[123456, 7, 0.00031, 250]], 'raw book')
    expect(book.asks).toEqual([{ rate: 0.00031, period: 7, count: 1, amount: 250 }])
  })
})

describe('candles, trades, stats', () => {
  it('candles are [MTS, OPEN, CLOSE, HIGH, LOW, VOLUME]', () => {
    expect(P.parseWith(P.candles, [[1, 0.1, 0.2, 0.3, 0.05, 99]], 'candles')[0]).toEqual({ mts: 1, open: 0.1, close: 0.2, high: 0.3, low: 0.05, volume: 99 })
  })
  it('public trades are [ID, MTS, AMOUNT, RATE, PERIOD]', () => {
    expect(P.parseWith(P.publicTrades, [[9, 1000, -50, 0.0002, 30]], 'trades')[0]).toEqual({ id: 9, mts: 1000, amount: -50, rate: 0.0002, period: 30 })
  })
  it('funding stats keep Bitfinex units (frr = daily / 365) and read the documented indices', () => {
    const row = [1786896300000, null, null, 8.8e-7, 86.86, null, null, 5983889009.1, 5945033919.7, null, null, 701949275.4]
    expect(P.parseWith(P.fundingStats, [row], 'stats')[0]).toEqual({
      mts: 1786896300000,
      frr: 8.8e-7,
      avgPeriod: 86.86,
      fundingAmount: 5983889009.1,
      fundingAmountUsed: 5945033919.7,
      fundingBelowThreshold: 701949275.4
    })
  })
})

describe('account arrays', () => {
  const offer = (over: Record<number, unknown>) => {
    const a: unknown[] = [41, 'fUSD', 1, 2, 150, 200, 'LIMIT', null, null, 0, 'PARTIALLY FILLED', null, null, null, 0.0003, 7, 0, 0, null, 0, null]
    for (const [i, v] of Object.entries(over)) a[Number(i)] = v
    return a
  }

  it('offers: remaining vs original amount, hidden from [17] or flag 64', () => {
    const [o] = P.parseWith(P.offers, [offer({})], 'offers')
    expect(o).toMatchObject({ id: 41, amount: 150, amountOrig: 200, type: 'LIMIT', rate: 0.0003, period: 7, hidden: false })
    expect(P.parseWith(P.offers, [offer({ 17: 1 })], 'offers')[0].hidden).toBe(true)
    expect(P.parseWith(P.offers, [offer({ 9: 64 })], 'offers')[0].hidden).toBe(true)
  })

  it('FRR offers report the effective rate from [20] when present', () => {
    expect(P.parseWith(P.offers, [offer({ 6: 'FRRDELTAVAR', 14: 0, 20: 0.00207 })], 'offers')[0].rate).toBe(0.00207)
    expect(P.parseWith(P.offers, [offer({ 6: 'FRRDELTAVAR', 14: 0, 20: null })], 'offers')[0].rate).toBe(0)
  })

  it('credits and loans: our side only, rate type, opening and last payout', () => {
    const lend = [5, 'fUSD', 1, 10, 11, 300, 0, 'ACTIVE', 'VAR', null, null, 0.0002, 30, 12, null, 0, 0, null, 0, 0.00025, 0, 'tBTCUSD']
    const borrow = [6, 'fUSD', -1, 10, 11, -100, 0, 'ACTIVE', 'FIXED', null, null, 0.0002, 2, 12, 13]
    expect(P.parseWith(P.loansOf('credit'), [lend, borrow], 'credits')).toEqual([
      { id: 5, symbol: 'fUSD', kind: 'credit', amount: 300, rate: 0.00025, rateType: 'VAR', period: 30, openedAt: 12, lastPayoutAt: null }
    ])
  })

  it('permissions accept 0/1 and booleans and any number of scopes', () => {
    const scopes = P.parseWith(P.permissions, [['funding', 1, 1], ['eaas_withdraw', 0, true], ['wallets', 1, 0]], 'permissions')
    expect(scopes).toEqual([
      { scope: 'funding', read: true, write: true },
      { scope: 'eaas_withdraw', read: false, write: true },
      { scope: 'wallets', read: true, write: false }
    ])
  })

  it('notifications expose [6] status and [7] text', () => {
    const n = P.parseWith(P.notification, [1, 'fon-req', null, null, null, null, 'ERROR', 'Invalid offer: not enough balance'], 'n')
    expect(n).toMatchObject({ status: 'ERROR', text: 'Invalid offer: not enough balance', data: null })
  })

  it('wallet rows keep a missing available balance as null, never a guess', () => {
    expect(P.parseWith(P.wallets, [['funding', 'USD', 500, 0, null, null, null], ['funding', 'BTC', 1, 0]], 'w')).toEqual([
      { type: 'funding', currency: 'USD', balance: 500, available: null },
      { type: 'funding', currency: 'BTC', balance: 1, available: null }
    ])
  })
})
