// One home for waiting and trying again: the transport retries a failed read after a jittered back-off,
// the history download waits for a rate budget to free, and the lending loop spaces its cycles out
// while Bitfinex cannot be reached. Waits run on the Clock, so tests and backtests step through them.
import type { Clock } from './clock'

/**
 * Exponential back-off: baseMs × 2^failures, capped at maxMs but never below baseMs, then spread by
 * ± jitter (a share, e.g. 0.1 for ±10 %) so that many clients failing at once do not retry in step.
 */
export function backoffDelay(o: { baseMs: number; failures: number; maxMs?: number; jitter: number; random: () => number }): number {
  const grown = Math.min(o.baseMs * 2 ** o.failures, o.maxMs ?? Infinity)
  return Math.round(Math.max(o.baseMs, grown) * (1 + o.jitter * (2 * o.random() - 1)))
}

/**
 * Runs `attempt` (1, 2, …) until it resolves. After each failure `waitAfter` says how many ms to wait
 * before the next attempt, or null to give up and rethrow that failure.
 */
export async function retrying<T>(clock: Clock, attempt: (n: number) => Promise<T>, waitAfter: (err: unknown, n: number) => number | null): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n)
    } catch (err) {
      const ms = waitAfter(err, n)
      if (ms === null) throw err
      await new Promise<void>((resolve) => clock.setTimeout(resolve, ms))
    }
  }
}
