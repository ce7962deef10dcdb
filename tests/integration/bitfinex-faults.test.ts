// Faults: 500s, dropped connections, hangs and slow answers. Reads are retried (bounded, jittered, on
// the Clock); writes are never blindly resent: after a lost answer the adapter re-reads the book, and
// the open offers always end up exactly as intended — nothing lost, nothing duplicated.
import { afterEach, describe, expect, it } from 'vitest'
import type { Offer } from '../../src/shared/domain'
import { KEY, rejection, settle, startPair, type Pair } from '../exchange-server/testing'

let pair: Pair | undefined
afterEach(async () => {
  await pair?.ex.close()
  pair = undefined
})

const limit = (amount: number, rate = 0.0003) => ({ symbol: 'fUSD', type: 'LIMIT' as const, amount, rate, period: 2 })
const serverOffers = (p: Pair) => p.ex.state(KEY.apiKey).offers.map((o) => [o.amountOrig, o.rate]).sort()

describe('reads under faults', () => {
  it('retries an HTTP 500 and a dropped connection, then succeeds', async () => {
    pair = await startPair()
    pair.ex.injectFault({ kind: 'http500', path: '/ticker/' })
    pair.ex.injectFault({ kind: 'drop', path: '/ticker/' })
    const ticker = await settle(pair.bfx.ticker('USD'), pair.clock)
    expect(ticker.frr).toBeGreaterThan(0)
    expect(pair.hits('/ticker/')).toBe(3)
    expect(pair.logLines.filter((l) => l.message.includes('retrying'))).toHaveLength(2)
  })

  it('gives up after 3 attempts on a hanging endpoint with kind timeout', async () => {
    pair = await startPair()
    pair.ex.injectFault({ kind: 'hang', path: '/auth/r/funding/offers', times: 5 })
    const err = await rejection(settle(pair.bfx.activeOffers('USD'), pair.clock))
    expect(err.kind).toBe('timeout')
    expect(pair.hits('/auth/r/funding/offers')).toBe(3)
  })

  it('retries "not ready" (11000) and survives a slow answer within the timeout', async () => {
    pair = await startPair()
    pair.ex.injectFault({ kind: 'notReady', path: '/book/' })
    pair.ex.injectFault({ kind: 'slow', path: '/book/', delayMs: 100 })
    const book = await settle(pair.bfx.book('USD'), pair.clock)
    expect(book.asks.length).toBe(25)
    expect(pair.hits('/book/')).toBe(2)
  })
})

describe('non-idempotent writes under faults', () => {
  it('submit applied but answer dropped: returns the placed offer, no duplicate', async () => {
    pair = await startPair()
    await pair.bfx.activeOffers('USD')
    pair.ex.injectFault({ kind: 'applyThenDrop', path: '/offer/submit' })
    const offer = await settle(pair.bfx.submitOffer(limit(500)), pair.clock)
    expect(offer).toMatchObject({ amountOrig: 500, rate: 0.0003 })
    expect(pair.hits('/offer/submit')).toBe(1)
    expect(serverOffers(pair)).toEqual([[500, 0.0003]])
  })

  it('submit applied but the answer never comes (timeout): same outcome', async () => {
    pair = await startPair()
    pair.ex.injectFault({ kind: 'applyThenHang', path: '/offer/submit' })
    const offer = await settle(pair.bfx.submitOffer(limit(250)), pair.clock)
    expect(pair.ex.state(KEY.apiKey).offers.map((o) => o.id)).toEqual([offer.id])
    expect(pair.hits('/offer/submit')).toBe(1)
  })

  it('submit lost before reaching the exchange: fails, is not resent, the book stays empty', async () => {
    pair = await startPair()
    pair.ex.injectFault({ kind: 'drop', path: '/offer/submit' })
    const err = await rejection(settle(pair.bfx.submitOffer(limit(500)), pair.clock))
    expect(err.kind).toBe('network')
    expect(err.message).toMatch(/not on the book/)
    expect(pair.hits('/offer/submit')).toBe(1)
    expect(pair.ex.state(KEY.apiKey).offers).toEqual([])
  })

  it('an identical older offer is not mistaken for the lost one', async () => {
    pair = await startPair()
    const old = await pair.bfx.submitOffer(limit(500))
    pair.ex.injectFault({ kind: 'drop', path: '/offer/submit' })
    await rejection(settle(pair.bfx.submitOffer(limit(500)), pair.clock))
    expect(pair.ex.state(KEY.apiKey).offers.map((o) => o.id)).toEqual([old.id])
  })

  it('cancel applied but answer dropped: resolves without sending it again', async () => {
    pair = await startPair()
    const o = await pair.bfx.submitOffer(limit(500))
    pair.ex.injectFault({ kind: 'applyThenDrop', path: '/offer/cancel' })
    await settle(pair.bfx.cancelOffer(o.id), pair.clock)
    expect(pair.hits('/offer/cancel')).toBe(1)
    expect(pair.ex.state(KEY.apiKey).offers).toEqual([])
  })

  it('cancel lost before reaching the exchange: re-reads, sees the offer, cancels again', async () => {
    pair = await startPair()
    const o = await pair.bfx.submitOffer(limit(500))
    pair.ex.injectFault({ kind: 'hang', path: '/offer/cancel' })
    await settle(pair.bfx.cancelOffer(o.id), pair.clock)
    expect(pair.hits('/offer/cancel')).toBe(2)
    expect(pair.ex.state(KEY.apiKey).offers).toEqual([])
  })

  it('cancel-all with a dropped answer ends with no open offers', async () => {
    pair = await startPair()
    await pair.bfx.submitOffer(limit(200))
    await pair.bfx.submitOffer(limit(300))
    // Cancel-all goes offer by offer (so borrow bids survive): lose the answer of the first cancel.
    pair.ex.injectFault({ kind: 'applyThenDrop', path: '/offer/cancel' })
    await settle(pair.bfx.cancelAllOffers('USD'), pair.clock)
    expect(pair.ex.state(KEY.apiKey).offers).toEqual([])
  })

  it('a reconcile loop under random faults ends with exactly the intended offers', async () => {
    pair = await startPair({ key: { ...KEY, balances: { USD: 100_000 } } })
    const intended = [
      [200, 0.00021],
      [300, 0.00022],
      [400, 0.00023],
      [500, 0.00024],
      [600, 0.00025],
      [700, 0.00026]
    ]
    const kinds = ['applyThenDrop', 'drop', 'http500', 'applyThenHang', 'hang'] as const
    kinds.forEach((kind, i) => pair!.ex.injectFault({ kind, path: i % 2 ? '/offer/submit' : '/auth/', times: 1 }))
    // The loop's logic: read what is open, place what is missing, cancel what is not intended; repeat.
    const stray = await settle(pair.bfx.submitOffer(limit(999, 0.0005)), pair.clock).catch(() => null)
    for (let cycle = 0; cycle < 6; cycle++) {
      let open: Offer[]
      try {
        open = await settle(pair.bfx.activeOffers('USD'), pair.clock)
      } catch {
        continue
      }
      const want = intended.filter(([amt, rate]) => !open.some((o) => o.amountOrig === amt && o.rate === rate))
      for (const [amount, rate] of want) await settle(pair.bfx.submitOffer(limit(amount, rate)), pair.clock).catch(() => null)
      for (const o of open.filter((o) => !intended.some(([a, r]) => a === o.amountOrig && r === o.rate)))
        await settle(pair.bfx.cancelOffer(o.id), pair.clock).catch(() => null)
    }
    expect(stray === null || stray.amountOrig === 999).toBe(true)
    expect(serverOffers(pair)).toEqual([...intended].sort())
  })
})
