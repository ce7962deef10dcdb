// Offer lifecycle against the test exchange: submit (LIMIT, FRR, hidden), exchange-side rejections,
// cancel, cancel all, fills into credits/loans, interest into the ledger, auto-renew.
import { afterEach, describe, expect, it } from 'vitest'
import { KEY, rawSignedPost, rejection, startPair, type Pair } from '../exchange-server/testing'

let pair: Pair | undefined
afterEach(async () => {
  await pair?.ex.close()
  pair = undefined
})

const limit = (amount: number, period = 2, rate = 0.0003) => ({ symbol: 'fUSD', type: 'LIMIT' as const, amount, rate, period })

describe('submitting offers', () => {
  it('places LIMIT and hidden FRR offers and reads them back', async () => {
    pair = await startPair()
    const a = await pair.bfx.submitOffer(limit(200))
    const b = await pair.bfx.submitOffer({ symbol: 'fUSD', type: 'FRRDELTAVAR', amount: 300.123456789, rate: 0, period: 30, hidden: true })
    expect(a).toMatchObject({ type: 'LIMIT', amount: 200, rate: 0.0003, period: 2, hidden: false, status: 'ACTIVE' })
    expect(b).toMatchObject({ type: 'FRRDELTAVAR', amountOrig: 300.12345678, period: 30, hidden: true })
    // FRR offers report the effective rate (the current FRR for offset 0).
    const frr = (await pair.bfx.ticker('USD')).frr
    expect(b.rate).toBeCloseTo(frr, 10)
    const open = await pair.bfx.activeOffers('USD')
    expect(open.map((o) => o.id).sort()).toEqual([a.id, b.id].sort())
    expect(pair.ex.account(KEY.apiKey).offers.get(b.id)?.flags).toBe(64)
  })

  it('maps the exchange rejections to typed kinds and places nothing', async () => {
    pair = await startPair({ exchange: { maxOffers: 2 } })
    const below = await rejection(pair.bfx.submitOffer(limit(149.99)))
    expect(below.kind).toBe('belowMinimum')
    expect(below.message).toContain('minimum is 150')
    const tooBig = await rejection(pair.bfx.submitOffer(limit(20_000)))
    expect(tooBig.kind).toBe('insufficientBalance')
    await pair.bfx.submitOffer(limit(200))
    await pair.bfx.submitOffer(limit(200))
    const third = await rejection(pair.bfx.submitOffer(limit(200)))
    expect(third.kind).toBe('tooManyOffers')
    expect(third.message).toContain('too many')
    const offset = await rejection(pair.bfx.submitOffer({ symbol: 'fUSD', type: 'FRRDELTAVAR', amount: 200, rate: 0.01, period: 2 }))
    expect(offset.kind).toBe('invalidOffer')
    expect(pair.ex.state(KEY.apiKey).offers).toHaveLength(2)
  })

  it('refuses a period outside 2–120 days before sending (and the exchange would refuse it too)', async () => {
    pair = await startPair()
    for (const period of [1, 121, 2.5]) expect((await rejection(pair.bfx.submitOffer(limit(200, period)))).kind).toBe('invalidOffer')
    expect(pair.hits('/offer/submit')).toBe(0)
    // The exchange's own rule, checked with a raw request:
    const res = await rawSignedPost(pair.ex.url, KEY.apiKey, KEY.apiSecret, '/auth/w/funding/offer/submit', pair.clock.now() * 1000 + 5, {
      type: 'LIMIT', symbol: 'fUSD', amount: '200', rate: '0.0003', period: 121, flags: 0
    })
    expect(res).toEqual({ status: 500, body: ['error', 10001, expect.stringContaining('period')] })
  })
})

describe('cancelling', () => {
  it('cancels one offer and then all offers of a currency', async () => {
    pair = await startPair({ key: { ...KEY, balances: { USD: 10_000, BTC: 1 } } })
    const a = await pair.bfx.submitOffer(limit(200))
    await pair.bfx.submitOffer(limit(300))
    const btc = await pair.bfx.submitOffer({ symbol: 'fBTC', type: 'LIMIT', amount: 0.01, rate: 0.00002, period: 2 })
    await pair.bfx.cancelOffer(a.id)
    expect((await pair.bfx.activeOffers('USD')).map((o) => o.amount)).toEqual([300])
    await pair.bfx.cancelAllOffers('USD')
    expect(await pair.bfx.activeOffers('USD')).toEqual([])
    expect((await pair.bfx.activeOffers('BTC')).map((o) => o.id)).toEqual([btc.id])
  })
})

describe("the user's borrow bids are not ours", () => {
  it('are never listed as our offers and cancel-all leaves them on the book', async () => {
    pair = await startPair()
    // The user borrows too: a bid (negative amount, "Amount (positive for offer, negative for bid)") placed elsewhere
    // (first, with a smaller nonce than ours).
    const bid = await rawSignedPost(pair.ex.url, KEY.apiKey, KEY.apiSecret, '/auth/w/funding/offer/submit', pair.clock.now() * 1000 - 1_000, {
      type: 'LIMIT', symbol: 'fUSD', amount: '-500', rate: '0.0002', period: 2, flags: 0
    })
    expect(bid.status).toBe(200)
    const mine = await pair.bfx.submitOffer(limit(200))
    expect((await pair.bfx.activeOffers('USD')).map((o) => o.id)).toEqual([mine.id])
    await pair.bfx.cancelAllOffers('USD')
    const left = pair.ex.state(KEY.apiKey).offers
    expect(left).toHaveLength(1)
    expect(left[0].amount).toBe(-500)
  })
})

describe('FRR-relative offsets', () => {
  it('sends a negative offset for FRRDELTAFIX, and only for that type', async () => {
    pair = await startPair()
    const frr = (await pair.bfx.ticker('USD')).frr
    const fix = await pair.bfx.submitOffer({ symbol: 'fUSD', type: 'FRRDELTAFIX', amount: 200, rate: -frr * 0.1, period: 2 })
    expect(pair.ex.account(KEY.apiKey).offers.get(fix.id)?.rate).toBeCloseTo(-frr * 0.1, 8)
    for (const type of ['FRRDELTAVAR', 'LIMIT'] as const)
      expect((await rejection(pair.bfx.submitOffer({ symbol: 'fUSD', type, amount: 200, rate: -0.00001, period: 2 }))).kind).toBe('invalidOffer')
    expect(pair.hits('/offer/submit')).toBe(1)
  })
})

describe('fills, loans and interest', () => {
  it('a partial fill shrinks the offer and creates a loan; a full fill removes it; returns pay interest', async () => {
    pair = await startPair()
    const offer = await pair.bfx.submitOffer(limit(1_000, 7))
    pair.ex.fill(KEY.apiKey, offer.id, 400, 'credit')
    const [partly] = await pair.bfx.activeOffers('USD')
    expect(partly).toMatchObject({ id: offer.id, amount: 600, amountOrig: 1_000 })
    expect(partly.status).toMatch(/PARTIALLY FILLED/)
    const loanId = pair.ex.fill(KEY.apiKey, offer.id)
    expect(await pair.bfx.activeOffers('USD')).toEqual([])
    const loans = await pair.bfx.activeLoans('USD')
    expect(loans.map((l) => [l.kind, l.amount, l.rate, l.period]).sort()).toEqual([
      ['credit', 400, 0.0003, 7],
      ['loan', 600, 0.0003, 7]
    ])
    // Lent money is not lendable again.
    expect(await pair.bfx.lendableBalance('USD')).toMatchObject({ amount: 9_000 })

    await pair.clock.advance(2 * 86_400_000)
    pair.ex.returnLoan(KEY.apiKey, loanId)
    const payments = await pair.bfx.interestPayments('USD')
    expect(payments).toHaveLength(1)
    // 600 × 0.0003/day × 2 days, minus Bitfinex's 15 % fee.
    expect(payments[0].amount).toBeCloseTo(600 * 0.0003 * 2 * 0.85, 8)
    expect(await pair.bfx.lendableBalance('USD')).toMatchObject({ amount: 9_600 + payments[0].amount })
    const trades = await pair.bfx.fundingTradesHistory('USD')
    expect(trades.map((t) => t.amount)).toEqual([400, 600])
  })
})

describe('auto-renew', () => {
  it('sends the rate in percent as documented, so Bitfinex keeps the daily rate meant', async () => {
    pair = await startPair()
    await pair.bfx.setAutoRenew({ currency: 'USD', enabled: true, rate: 0.0002, period: 7, amount: 500 })
    // The exchange stores what it understood: 0.02 % = 0.0002/day, not 0.000002/day.
    expect(pair.ex.state(KEY.apiKey).autoRenew).toEqual({ USD: { period: 7, rate: 0.0002, amount: 500 } })
    expect(pair.hits('/auth/w/funding/auto')).toBe(1)
    await pair.bfx.setAutoRenew({ currency: 'USD', enabled: false })
    expect(pair.ex.state(KEY.apiKey).autoRenew).toEqual({})
  })

  it('renews at FRR with rate 0', async () => {
    pair = await startPair()
    await pair.bfx.setAutoRenew({ currency: 'USD', enabled: true, rate: 0, period: 2 })
    expect(pair.ex.state(KEY.apiKey).autoRenew.USD).toMatchObject({ rate: 0, period: 2 })
  })

  it('checks the answer and corrects at once when Bitfinex read the rate in another unit', async () => {
    pair = await startPair({ exchange: { autoRenewRateUnit: 'decimal' } })
    await pair.bfx.setAutoRenew({ currency: 'USD', enabled: true, rate: 0.0002, period: 2 })
    expect(pair.ex.state(KEY.apiKey).autoRenew.USD.rate).toBeCloseTo(0.0002, 12)
    expect(pair.hits('/auth/w/funding/auto')).toBe(2)
    expect(pair.logLines.some((l) => l.level === 'warn' && /another unit/.test(l.message))).toBe(true)
  })

  it('a tiny BTC floor survives the round trip', async () => {
    pair = await startPair()
    await pair.bfx.setAutoRenew({ currency: 'BTC', enabled: true, rate: 0.000001, period: 2 })
    expect(pair.ex.state(KEY.apiKey).autoRenew.BTC.rate).toBeCloseTo(0.000001, 14)
  })
})
