// The shadow benchmark's record (core/earnings/shadowBenchmark.ts), kept between runs so "since you
// started" survives a restart. Live and paper money each have their own record per currency (the key
// "live:USD", "paper:USD"). On disk it is a journal (journal.ts): each cycle appends one small line per
// currency (~90 bytes) in the cycle's one append; now and then the journal is compacted to one line per
// record holding its accrued days, so the file stays about 100 bytes per recorded day.
import { join } from 'node:path'
import { z } from 'zod'
import type { Currency } from '../../../shared/domain'
import type { Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import { accrue, type ShadowObservation, type ShadowState } from '../earnings/shadowBenchmark'
import { openJournal } from './journal'

const observationSchema = z.object({ at: z.number(), frrDaily: z.number(), queueUsd: z.number(), capital: z.number() })
const stateSchema = z.object({
  startedAt: z.number(),
  last: observationSchema,
  days: z.array(
    z.object({ day: z.string(), coveredMs: z.number(), autoRenewNet: z.number(), allLentNet: z.number(), waitHoursMs: z.number() })
  )
})
const recordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('obs'), k: z.string(), o: observationSchema }),
  z.object({ t: z.literal('state'), k: z.string(), s: stateSchema })
])

/** Observation lines beyond the one state line per record before the journal is compacted (~a day at 60 s). */
const COMPACT_AFTER_LINES = 2000

export type ShadowMode = 'live' | 'paper'

export interface ShadowStore {
  readonly notice: string | null
  /** Add this cycle's reading (buffered until persist). */
  observe(mode: ShadowMode, currency: Currency, obs: ShadowObservation): void
  state(mode: ShadowMode, currency: Currency): ShadowState | null
  /** Write what is buffered (one append), compacting when due. */
  persist(): void
  /** At shutdown: write what is buffered as one line per record, so the next start reads a few lines,
   *  not a day of observations, before its first cycle. */
  close(): void
}

export function openShadowStore(opts: { dir: string; logger: Logger; clock: Clock }): ShadowStore {
  const { journal, records } = openJournal({
    path: join(opts.dir, 'shadow-benchmark.jsonl'),
    schema: recordSchema,
    logger: opts.logger,
    clock: opts.clock,
    label: 'auto-renew comparison'
  })
  const states = new Map<string, ShadowState>()
  for (const r of records) states.set(r.k, r.t === 'state' ? r.s : accrue(states.get(r.k) ?? null, r.o))
  const save = (compactAbove: number): void => {
    try {
      // The compacted file holds what is buffered too (the states have accrued it).
      if (journal.lineCount > compactAbove) journal.rewrite([...states].map(([k, s]) => ({ t: 'state' as const, k, s })))
      else journal.flush()
    } catch (err) {
      opts.logger.log('error', 'Could not save the auto-renew comparison', { path: journal.path, error: err })
    }
  }

  return {
    notice: journal.notice,
    observe(mode, currency, obs) {
      const k = `${mode}:${currency}`
      states.set(k, accrue(states.get(k) ?? null, obs))
      journal.append({ t: 'obs', k, o: obs })
    },
    state: (mode, currency) => states.get(`${mode}:${currency}`) ?? null,
    persist: () => save(states.size + COMPACT_AFTER_LINES),
    close: () => save(states.size)
  }
}
