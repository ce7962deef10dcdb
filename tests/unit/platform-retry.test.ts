// The one back-off and retry helper (src/main/platform/retry.ts) that the transport, the history
// download and the lending loop share.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { backoffDelay, retrying } from '../../src/main/platform/retry'

/** Lets a failed attempt reach its wait (promise callbacks run) before the clock moves. */
const settle = () => new Promise((r) => setImmediate(r))

describe('backoffDelay', () => {
  const mid = () => 0.5 // no jitter: 2 × 0.5 − 1 = 0
  it('doubles per failure from the base', () => {
    expect([0, 1, 2, 3].map((failures) => backoffDelay({ baseMs: 1_000, failures, jitter: 0.5, random: mid }))).toEqual([1_000, 2_000, 4_000, 8_000])
  })
  it('stops growing at the cap, but a cap below the base never shortens the base', () => {
    expect(backoffDelay({ baseMs: 60_000, failures: 10, maxMs: 900_000, jitter: 0.1, random: mid })).toBe(900_000)
    expect(backoffDelay({ baseMs: 1_200_000, failures: 3, maxMs: 900_000, jitter: 0.1, random: mid })).toBe(1_200_000)
  })
  it('spreads by ± the jitter share over the random source', () => {
    expect(backoffDelay({ baseMs: 1_000, failures: 1, jitter: 0.5, random: () => 0 })).toBe(1_000)
    expect(backoffDelay({ baseMs: 1_000, failures: 1, jitter: 0.5, random: () => 0.999 })).toBe(2_998)
    expect(backoffDelay({ baseMs: 60_000, failures: 0, jitter: 0.1, random: () => 0 })).toBe(54_000)
  })
})

describe('retrying', () => {
  it('waits on the clock as told between attempts, then returns the first success', async () => {
    const clock = new ManualClock(0)
    const attemptsAt: number[] = []
    const done = retrying(
      clock,
      async (n) => {
        attemptsAt.push(clock.now())
        if (n < 3) throw new Error(`fail ${n}`)
        return 'ok'
      },
      (_err, n) => n * 1_000
    )
    await settle()
    await clock.advance(10_000)
    await expect(done).resolves.toBe('ok')
    // Attempt 1 at 0, attempt 2 one second later, attempt 3 two seconds after that.
    expect(attemptsAt).toEqual([0, 1_000, 3_000])
  })

  it('rethrows the very failure it was told to give up on', async () => {
    const clock = new ManualClock(0)
    const failures: Error[] = []
    const alwaysFails = async (n: number): Promise<never> => {
      failures.push(new Error(`fail ${n}`))
      throw failures[failures.length - 1]
    }
    const onceThenGiveUp = (_err: unknown, n: number) => (n < 2 ? 500 : null)
    const done = retrying(clock, alwaysFails, onceThenGiveUp).catch((e: unknown) => e)
    await settle()
    await clock.advance(499)
    expect(failures).toHaveLength(1)
    await clock.advance(1)
    const err = await done
    expect(failures).toHaveLength(2)
    expect(err).toBe(failures[1])
    expect(clock.pendingTimers).toBe(0)
  })
})
