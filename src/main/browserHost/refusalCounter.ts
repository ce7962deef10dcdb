// Refused requests (wrong token, wrong host, malformed body, too many streams ...) are counted and
// summed up in one log line per interval. Logging each one would let anyone who can reach the port
// flood the log and rotate the user's real history away.
import type { Clock } from '../platform/clock'
import type { Logger } from '../platform/logger'

interface RefusalCounter {
  /** Count one refused request; writes the summary line when the interval has passed. */
  refuse(status: number, reason: string): void
  /** Write what is still counted (on close). */
  flush(): void
}

export function createRefusalCounter(opts: { logger: Logger; clock: Clock; intervalMs: number }): RefusalCounter {
  const counts = new Map<string, number>()
  let since = opts.clock.now()

  function flush(): void {
    if (counts.size === 0) return
    const total = [...counts.values()].reduce((a, b) => a + b, 0)
    opts.logger.log('warn', `browser host refused ${total} request(s)`, {
      sinceMs: opts.clock.now() - since,
      byReason: Object.fromEntries(counts)
    })
    counts.clear()
    since = opts.clock.now()
  }

  return {
    refuse(status, reason) {
      const key = `${status} ${reason}`
      counts.set(key, (counts.get(key) ?? 0) + 1)
      if (opts.clock.now() - since >= opts.intervalMs) flush()
    },
    flush
  }
}
