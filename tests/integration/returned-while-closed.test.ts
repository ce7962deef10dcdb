// Loans returned while the app was closed: at the next start the first read of the loans is compared with
// the account last seen before the close (the last-known account on disk), so a loan that is gone is
// recorded as returned, dated by the span it is known to lie in, and learned from as a censored life.
// Interest Bitfinex paid meanwhile comes from the ledger once. Real core, real test exchange, manual clock.
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ActivityEvent } from '../../src/shared/contract'
import { API_KEY, PASSPHRASE, startHarness, type Harness } from '../support/coreHarness'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** Each test restarts the core twice and unlocks the key each time (a deliberately slow key derivation). */
const TIMEOUT_MS = 60_000

let h: Harness | null = null
afterEach(async () => {
  await h?.close()
  h = null
})

const moneyNews = async (harness: Harness): Promise<ActivityEvent[]> =>
  (await harness.call('queryActivity', { kinds: ['fill', 'return', 'payment'], limit: 100 })).events

const learnedLives = (dir: string): { lifeDays: number; outcome: string; at: number }[] =>
  readFileSync(join(dir, 'learning-live.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"kind":"life"'))
    .map((l) => JSON.parse(l) as { lifeDays: number; outcome: string; at: number })

describe('loans returned while the app was closed', () => {
  it('are recorded at the next start as returned in the span between last seen and now, once, with the ledger interest once', async () => {
    h = await startHarness({ balances: { USD: 5000 }, scopes: ['funding:rw', 'wallets:r', 'history:r'] })
    await h.call('startLending')
    await h.call('getAccount')
    const offer = h.exchange.state(API_KEY).offers[0]
    const loanId = h.exchange.fill(API_KEY, offer.id, offer.amount)
    await h.call('getAccount')
    await h.clock.advance(DAY)
    await h.call('getAccount')
    await h.core.shutdown()

    // Closed for 10 hours; Bitfinex returns the loan and pays its interest meanwhile.
    await h.clock.advance(10 * HOUR)
    h.exchange.returnLoan(API_KEY, loanId)
    await h.restart()
    // Last seen: the account the last run kept at its close (its last read, a cycle's or the dashboard's).
    const lastSeenAt = (await h.call('getLastKnownAccount'))!.at
    await h.call('unlockVault', { passphrase: PASSPHRASE })
    await h.call('getAccount')
    const seenAgainAt = h.clock.now()

    const returns = (await moneyNews(h)).filter((e) => e.kind === 'return')
    expect(returns).toHaveLength(1)
    const back = returns[0]
    expect(back.loanId).toBe(loanId)
    expect(back.message).toMatch(
      /^Loan returned while LendPace was not watching: [\d,.]+ USD came back some time in the 10 h( \d+ min)? since LendPace last saw it, after about 1 day, with 0\.\d+–0\.\d+ USD interest after Bitfinex's fee\.$/
    )
    // Dated by its span: from when it was last seen open to the read that found it gone.
    expect(back.at).toBe(lastSeenAt)
    expect(back.until).toBeGreaterThanOrEqual(lastSeenAt + 10 * HOUR)
    expect(back.until).toBeLessThanOrEqual(seenAgainAt)

    // The learning record knows its life only as "at least one day": censored, not closed.
    const lives = learnedLives(h.dataDir)
    expect(lives).toHaveLength(1)
    expect(lives[0].outcome).toBe('open')
    expect(lives[0].lifeDays).toBeCloseTo(1, 2)

    // The interest comes from the ledger, once, however often it is read.
    await h.call('getEarnings', { currency: 'USD' })
    await h.call('getEarnings', { currency: 'USD' })
    const earnings = await h.call('getEarnings', { currency: 'USD' })
    expect(earnings.source).toBe('ledger')
    const paid = h.exchange.state(API_KEY).ledger.filter((l) => l.currency === 'USD').reduce((s, l) => s + l.amount, 0)
    expect(paid).toBeGreaterThan(0)
    expect(earnings.total).toBeCloseTo(paid, 9)
    expect((await moneyNews(h)).filter((e) => e.kind === 'payment')).toHaveLength(1)

    // Another restart finds nothing new.
    await h.restart()
    await h.call('unlockVault', { passphrase: PASSPHRASE })
    await h.call('getAccount')
    expect((await moneyNews(h)).filter((e) => e.kind === 'return')).toHaveLength(1)
    expect(learnedLives(h.dataDir)).toHaveLength(1)
  }, TIMEOUT_MS)

  it('after a crash, what the last run already recorded from a stale last-known account is not recorded twice', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    await h.call('startLending')
    await h.call('getAccount')
    const first = h.exchange.state(API_KEY).offers[0]
    const a = h.exchange.fill(API_KEY, first.id, first.amount)
    await h.call('getAccount')
    await h.call('stopLending')
    await h.core.shutdown()
    // The last-known account as a crash would leave it: written before what follows happened.
    const snapshot = join(h.dataDir, 'last-account.json')
    copyFileSync(snapshot, `${snapshot}.stale`)

    await h.restart()
    await h.call('unlockVault', { passphrase: PASSPHRASE })
    await h.call('startLending')
    await h.call('getAccount')
    const second = h.exchange.state(API_KEY).offers[0]
    const b = h.exchange.fill(API_KEY, second.id, second.amount)
    await h.clock.advance(HOUR)
    h.exchange.returnLoan(API_KEY, a)
    await h.call('getAccount')
    await h.core.shutdown()
    copyFileSync(`${snapshot}.stale`, snapshot)

    await h.restart()
    await h.call('unlockVault', { passphrase: PASSPHRASE })
    await h.call('getAccount')
    const news = await moneyNews(h)
    expect(news.filter((e) => e.kind === 'fill').map((e) => e.loanId).sort()).toEqual([a, b].sort())
    const returns = news.filter((e) => e.kind === 'return')
    expect(returns.map((e) => e.loanId)).toEqual([a])
    expect(returns[0].message).toMatch(/^Loan returned: /)
    expect(learnedLives(h.dataDir).filter((l) => l.outcome === 'open')).toHaveLength(0)
  }, TIMEOUT_MS)
})
