// The activity history through the real core and the local test exchange: fills, returns and interest
// payments appear (from the same detection the notifications use), repeated cycle lines fold, filters
// work over the contract, and reading the dashboard writes nothing to the data folder.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ActivityEvent } from '../../src/shared/contract'
import { API_KEY, startHarness, type Harness } from '../support/coreHarness'

let h: Harness | null = null
afterEach(async () => {
  await h?.close()
  h = null
})

const folderState = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => `${e.name}:${statSync(join(dir, e.name)).size}:${statSync(join(dir, e.name)).mtimeMs}`)
    .sort()

describe('activity history', () => {
  it('records a fill, a loan return and the interest payment, and keeps them across a restart', async () => {
    h = await startHarness({ balances: { USD: 5000 }, scopes: ['funding:rw', 'wallets:r', 'history:r'] })
    await h.call('startLending')
    // The first read of the loans is the baseline; what changes after it is news.
    await h.call('getAccount')
    const offer = h.exchange.state(API_KEY).offers[0]
    expect(offer).toBeDefined()
    const loanId = h.exchange.fill(API_KEY, offer.id, offer.amount)
    await h.call('getAccount')
    await h.clock.advance(2 * 86_400_000)
    h.exchange.returnLoan(API_KEY, loanId)
    await h.call('getAccount')
    await h.call('getEarnings', { currency: 'USD' })

    const page = await h.call('queryActivity', { kinds: ['fill', 'return', 'payment'], limit: 50 })
    expect(page.events.map((e) => e.kind).sort()).toEqual(['fill', 'payment', 'return'])
    const fill = page.events.find((e) => e.kind === 'fill') as ActivityEvent
    expect(fill.loanId).toBe(loanId)
    expect(fill.message).toMatch(/^Offer filled: [\d,.]+ USD lent at [\d.]+ % APR before fee for \d+ days?\.$/)
    expect(page.events.find((e) => e.kind === 'return')?.message).toMatch(/Loan returned: .* back after 2 days, with about 0\.\d+ USD interest after Bitfinex's fee\./)
    expect(page.events.find((e) => e.kind === 'payment')?.message).toMatch(/Interest paid by Bitfinex: 0\.\d+ USD after the fee\./)
    // The dashboard heard each one as it happened.
    const live = h.events.filter((e) => e.name === 'activity').map((e) => (e.payload as ActivityEvent).kind)
    expect(live).toEqual(expect.arrayContaining(['fill', 'return', 'payment', 'start']))

    await h.restart()
    const after = await h.call('queryActivity', { kinds: ['fill', 'return', 'payment'], currencies: ['USD'], limit: 50 })
    expect(after.events.map((e) => e.id).sort()).toEqual(page.events.map((e) => e.id).sort())
    // The same payment read again from the ledger is not news.
    await h.call('getEarnings', { currency: 'USD' })
    expect((await h.call('queryActivity', { kinds: ['payment'], limit: 50 })).events).toHaveLength(1)
  })

  it('switching between live and paper mode is neither a fill nor a return', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    await h.call('startLending')
    await h.call('getAccount')
    const offer = h.exchange.state(API_KEY).offers[0]
    h.exchange.fill(API_KEY, offer.id, offer.amount)
    await h.call('getAccount')
    expect((await h.call('queryActivity', { kinds: ['fill'], limit: 10 })).events).toHaveLength(1)
    await h.call('setMode', { mode: 'paper' })
    await h.call('getAccount')
    await h.call('setMode', { mode: 'live' })
    await h.call('getAccount')
    expect((await h.call('queryActivity', { kinds: ['fill', 'return'], limit: 10 })).events.map((e) => e.kind)).toEqual(['fill'])
    expect(await h.call('getEarnings', { currency: 'USD' })).toMatchObject({ total: 0 })
  })

  it('folds what repeats from cycle to cycle and filters by kind and time', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    await h.call('startLending')
    for (let i = 0; i < 5; i++) {
      h.core.runCycleNow('test')
      await h.pump(h.nextCycle())
    }
    const all = await h.call('queryActivity', { limit: 200 })
    const folded = all.events.filter((e) => e.count > 1)
    expect(folded.length).toBeGreaterThan(0)
    for (const e of folded) expect(e.until).toBeGreaterThan(e.at)
    // No line is repeated as a separate entry in consecutive cycles.
    const messages = all.events.filter((e) => e.kind === 'info' || e.kind === 'hold').map((e) => e.message)
    expect(new Set(messages).size).toBe(messages.length)
    const starts = await h.call('queryActivity', { kinds: ['start'], limit: 10 })
    expect(starts.events).toHaveLength(1)
    expect(starts.events[0].currency).toBe('all')
    const none = await h.call('queryActivity', { to: starts.events[0].at - 1, limit: 10 })
    expect(none.events).toEqual([])
  })

  it('reading the dashboard writes nothing to the data folder', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    await h.call('startLending')
    await h.call('stopLending')
    await h.call('getAccount')
    await h.call('getEarnings', { currency: 'USD' })
    const before = folderState(h.dataDir)
    for (let i = 0; i < 3; i++) {
      await h.call('getAccount')
      await h.call('getEarnings', { currency: 'USD' })
      await h.call('queryActivity', { limit: 100 })
      await h.call('listDecisions', { limit: 100 })
    }
    expect(folderState(h.dataDir)).toEqual(before)
  })
})
