// Bitfinex's own example arrays, from its docs, through the adapter's parsers. Where a docs example is cut
// short (the docs elide the tail with "..."), the elided tail is filled with the documented placeholders and
// says so. Public market arrays come from real recorded answers in ../shared/data/bitfinex (skipped when absent).
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import * as P from '../../src/main/exchange/bitfinex/parse'

describe('docs example arrays', () => {
  it('credits: the ws-auth-funding-credits example (https://docs.bitfinex.com/reference/ws-auth-funding-credits)', () => {
    const example = [
      26223578, 'fUST', 1, 1575052261000, 1575296187000, 350, 0, 'ACTIVE', null, null, null, 0, 30, 1575052261000, 1575293487000, 0, 0,
      null, 0, null, 0, 'tBTCUST'
    ]
    const [credit] = P.parseWith(P.credits, [example], 'credits')
    // RATE 0 with [8] null and no RATE_REAL: a loan at FRR whose rate Bitfinex did not state.
    expect(credit).toEqual({
      id: 26223578,
      symbol: 'fUST',
      kind: 'credit',
      amount: 350,
      rate: 0,
      rateType: 'VAR',
      period: 30,
      openedAt: 1575052261000,
      lastPayoutAt: 1575293487000
    })
  })

  it('loans: the ws-auth-funding-loans examples; the borrower-side row (SIDE −1) is not ours (https://docs.bitfinex.com/reference/ws-auth-funding-loans)', () => {
    const lent = [26223578, 'fUST', 1, 1575052261000, 1575296187000, 350, 0, 'ACTIVE', null, null, null, 0, 30, 1575052261000, 1575293487000, 0, 0, null, 0, null, 0]
    // The docs' second example stops after MTS_OPENING; the tail is filled from the documented field list.
    const borrowed = [2995442, 'fUSD', -1, 1575291961000, 1575295850000, 820, 0, 'ACTIVE', null, null, null, 0.002, 7, 1575282446000, null, 0, 0, null, 0, null, 0]
    const rows = P.parseWith(P.loans, [lent, borrowed], 'loans')
    expect(rows.map((l) => l.id)).toEqual([26223578])
    expect(rows[0]).toMatchObject({ kind: 'loan', amount: 350, period: 30 })
  })

  it('FRR loans as the real exchange sends them: [8] null, [11] null or 0, the real rate at [19] (issue #15 report)', () => {
    const frrLoan = (id: number, statedRate: number | null) => [
      id, 'fUSD', 1, 1700000000000, 1700000100000, 1200, 0, 'ACTIVE', null, null, null, statedRate, 2, 1700000000000, null, 0, 0, null, 0, 0.000215, 0
    ]
    const rows = P.parseWith(P.loans, [frrLoan(7001, null), frrLoan(7002, 0)], 'loans')
    expect(rows).toHaveLength(2)
    for (const l of rows) expect(l).toMatchObject({ rate: 0.000215, rateType: 'VAR', period: 2 })
    // A fixed loan keeps its stated rate and type.
    const fixed = [7003, 'fUSD', 1, 1, 2, 500, 0, 'ACTIVE', 'FIXED', null, null, 0.0003, 7, 1, null, 0, 0, null, 0, 0.0003, 0]
    expect(P.parseWith(P.loans, [fixed], 'loans')[0]).toMatchObject({ rate: 0.0003, rateType: 'FIXED' })
  })

  it('cancel notification: the ws-auth-input-offer-cancel "foc-req" example (https://docs.bitfinex.com/reference/ws-auth-input-offer-cancel)', () => {
    // The example is cut after HIDDEN [17]; [18]–[21] are the documented placeholder, RENEW and placeholders.
    const offer = [41238934, 'fUST', 1575293959000, 1575294374000, 500, 500, 'LIMIT', null, null, 0, 'ACTIVE', null, null, null, 0.02, 2, 0, 0, null, 0, null]
    const n = P.parseWith(P.notification, [1575294374000, 'foc-req', null, null, offer, null, 'SUCCESS', 'Submitted for cancellation; waiting for confirmation (ID: 41238934).'], 'n')
    expect(n).toMatchObject({ type: 'foc-req', status: 'SUCCESS', code: null })
    expect(P.parseWith(P.offerArray, n.data, 'offer')).toEqual({
      id: 41238934,
      symbol: 'fUST',
      createdAt: 1575293959000,
      updatedAt: 1575294374000,
      amount: 500,
      amountOrig: 500,
      type: 'LIMIT',
      status: 'ACTIVE',
      rate: 0.02,
      period: 2,
      hidden: false
    })
  })

  it('active offers: a lend offer and the user\'s borrow bid (negative AMOUNT, as in the ws-auth-input-offer-new FRRDELTAVAR example "-50"); only ours are kept', () => {
    const lend = [41238934, 'fUSD', 1575293959000, 1575294374000, 500, 500, 'LIMIT', null, null, 0, 'ACTIVE', null, null, null, 0.0002, 2, 0, 0, null, 0, null]
    const bid = [41238935, 'fUSD', 1575293959000, 1575293959000, -50, -50, 'FRRDELTAVAR', null, null, 64, 'ACTIVE', null, null, null, 0.0001, 7, 0, 1, null, 0, null]
    expect(P.parseWith(P.offers, [lend, bid], 'offers')).toHaveLength(2)
    expect(P.parseWith(P.lendOffers, [lend, bid], 'offers').map((o) => o.id)).toEqual([41238934])
  })

  it('submit notification "fon-req" (rest-auth-submit-funding-offer: [4] is "an array containing only the new offer")', () => {
    const offer = [41238934, 'fUSD', 1575293958000, 1575293958000, 50, 50, 'FRRDELTAVAR', null, null, 64, 'ACTIVE', null, null, null, 0, 7, 0, 1, null, 0, 0.00021]
    const n = P.parseWith(P.notification, [1575293958819, 'fon-req', null, null, offer, null, 'SUCCESS', 'Submitting funding offer of 50.0 USD at 0.0 for 7 days.'], 'n')
    const parsed = P.parseWith(P.offerArray, n.data, 'offer')
    expect(parsed).toMatchObject({ type: 'FRRDELTAVAR', hidden: true, period: 7, rate: 0.00021 })
    // An ERROR notification keeps its text for the error mapping.
    const err = P.parseWith(P.notification, [1575293958819, 'fon-req', null, null, null, null, 'ERROR', 'Invalid offer: not enough balance'], 'n')
    expect(err).toMatchObject({ status: 'ERROR', text: 'Invalid offer: not enough balance', data: null })
  })

  it('auto-renew notification "fa-req": [4] = [CURRENCY, PERIOD, RATE, THRESHOLD], RATE a decimal (https://docs.bitfinex.com/reference/rest-auth-funding-auto-renew)', () => {
    const n = P.parseWith(P.notification, [1575293958819, 'fa-req', null, null, ['USD', 2, 0.0002, 123.45], null, 'SUCCESS', null], 'n')
    expect(P.autoRenewRate(n.data)).toBe(0.0002)
    expect(P.autoRenewRate(null)).toBeNull()
    // The undocumented status endpoint, as JKorf/Bitfinex.Net models it, bare or wrapped.
    expect(P.parseWith(P.autoRenewStatus, ['fUSD', 2, 0.0002, 0], 'status')).toBe(0.0002)
    expect(P.parseWith(P.autoRenewStatus, [['fUSD', 2, 0.0002, 0]], 'status')).toBe(0.0002)
    expect(P.parseWith(P.autoRenewStatus, null, 'status')).toBeNull()
  })

  it('wallets: the ws-auth-wallets examples, BALANCE_AVAILABLE null kept as unknown (https://docs.bitfinex.com/reference/ws-auth-wallets)', () => {
    const rows = P.parseWith(
      P.wallets,
      [
        ['exchange', 'SAN', 19.76, 0, null, null, null],
        ['exchange', 'BTC', 1.61169184, 0, null, 'Exchange 0.01 BTC for USD @ 7804.6', { reason: 'TRADE', order_id: 34988418651 }],
        ['funding', 'USD', 1000, 0, 250.5, null, null]
      ],
      'wallets'
    )
    expect(rows).toEqual([
      { type: 'exchange', currency: 'SAN', balance: 19.76, available: null },
      { type: 'exchange', currency: 'BTC', balance: 1.61169184, available: null },
      { type: 'funding', currency: 'USD', balance: 1000, available: 250.5 }
    ])
  })

  it('trading ticker (rest-public-ticker, "trading pairs, ex. tBTCUSD"): the lower of bid and last price', () => {
    expect(P.parseWith(P.tradingTickerPrice, [2499.5, 12, 2500.5, 9, 10, 0.004, 2500.1, 1000, 2550, 2400], 'price')).toBe(2499.5)
    expect(() => P.parseWith(P.tradingTickerPrice, [0, 1, 0, 1, 0, 0, 0, 0, 0, 0], 'price')).toThrow()
  })
})

const data = path.resolve(__dirname, '..', '..', '..', 'shared/data/bitfinex')
const have = existsSync(path.join(data, 'fUSD-ticker-hourly.csv'))
const firstRow = (file: string) => readFileSync(path.join(data, file), 'utf8').split('\n')[1].split(',').map(Number)

describe.skipIf(!have)('real recorded answers (needs ../shared/data/bitfinex beside the repo; skipped when absent)', () => {
  it('funding ticker: a recorded ticker/fUSD row in API order (placeholders [13], [14] put back)', () => {
    const [, ...f] = firstRow('fUSD-ticker-hourly.csv')
    const t = P.parseWith(P.fundingTickerArray, [...f.slice(0, 13), null, null, f[13]], 'ticker')
    expect(t.frr).toBe(f[0])
    expect(t.bidPeriod).toBe(2)
    expect(t.frrAmountAvailable).toBe(f[13])
  })

  it('book P0 rows: [RATE, PERIOD, COUNT, AMOUNT]', () => {
    const [, rate, period, count, amount] = firstRow('fUSD-book-P0-hourly.csv')
    expect(P.parseWith(P.aggregatedBook, [[rate, period, count, amount]], 'book').asks).toEqual([{ rate, period, count, amount }])
  })

  it('candles: [MTS, OPEN, CLOSE, HIGH, LOW, VOLUME]', () => {
    const c = firstRow('fUSD-candles-1h.csv')
    expect(P.parseWith(P.candles, [c], 'candles')[0]).toEqual({ mts: c[0], open: c[1], close: c[2], high: c[3], low: c[4], volume: c[5] })
  })

  it('funding stats: [3] is 1/365 of the daily FRR (rest-public-funding-stats)', () => {
    const [mts, frr, avg, amount, used, below] = firstRow('fUSD-stats-hourly.csv')
    const [s] = P.parseWith(P.fundingStats, [[mts, null, null, frr, avg, null, null, amount, used, null, null, below]], 'stats')
    expect(s).toEqual({ mts, frr, avgPeriod: avg, fundingAmount: amount, fundingAmountUsed: used, fundingBelowThreshold: below })
    expect(s.frr * 365).toBeGreaterThan(1e-4)
  })
})
