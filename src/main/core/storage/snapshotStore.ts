// A small "last seen" document: one value, replaced whole, read back at the next start. What it holds is
// a convenience (the account as last read, the paper balances), never the only copy of anything, so an
// unreadable file is logged and read as "nothing known" instead of blocking the start.
import type { z } from 'zod'
import type { Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import type { KeyValueBackend } from './backend'

export interface SnapshotStore<T> {
  get(): T | null
  /** Replace the value in memory; it reaches the disk at the next flush (reads must never write). */
  set(value: T): void
  /** Write the value if it changed since the last write and the store's minimum interval has passed
   *  (`force`: at shutdown, whatever the interval). */
  flush(force?: boolean): void
}

export function createSnapshotStore<S extends z.ZodType>(opts: {
  backend: KeyValueBackend
  schema: S
  logger: Logger
  label: string
  /** A convenience copy need not reach the disk every cycle: at most this often (counted from the open
   *  when a copy is on disk), plus at shutdown. */
  minWriteInterval?: { clock: Clock; ms: number }
}): SnapshotStore<z.output<S>> {
  let cached: z.output<S> | null | undefined
  let dirty = false
  // A copy already on disk (the last run's) counts as just written: the first cycle after a start does not
  // pay for rewriting it, the interval's bound on how old it can be is the same.
  let lastWriteAt = opts.minWriteInterval && opts.backend.exists() ? opts.minWriteInterval.clock.now() : -Infinity
  return {
    get() {
      if (cached !== undefined) return cached
      cached = null
      if (!opts.backend.exists()) return cached
      try {
        const parsed = opts.schema.safeParse((opts.backend.read() as { value?: unknown }).value)
        if (parsed.success) cached = parsed.data
        else opts.logger.log('warn', `Ignoring the unreadable ${opts.label} file`, { path: opts.backend.path })
      } catch (err) {
        opts.logger.log('warn', `Ignoring the unreadable ${opts.label} file`, { path: opts.backend.path, error: err })
      }
      return cached
    },
    set(value) {
      cached = value
      dirty = true
    },
    flush(force = false) {
      if (!dirty) return
      const every = opts.minWriteInterval
      if (every && !force && every.clock.now() - lastWriteAt < every.ms) return
      if (every) lastWriteAt = every.clock.now()
      dirty = false
      try {
        opts.backend.write({ value: cached })
      } catch (err) {
        opts.logger.log('warn', `Could not save the ${opts.label} file`, { path: opts.backend.path, error: err })
      }
    }
  }
}
