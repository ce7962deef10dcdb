// The user's own fill and loan-life observations on disk, one journal per mode (paper mode learns into
// its own record, never the live one). A cycle appends only what it observed; the store keeps the most
// recent observations, which are the ones IBRR's estimator weighs.
import { z } from 'zod'
import { fillObservationSchema, lifeObservationSchema, type FillObservation, type LifeObservation, type OwnHistory } from '../../../shared/domain'
import type { Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import { openJournal } from '../storage/journal'

/**
 * Per kind, across currencies. With a 14-day half-life an observation 90 days old weighs 1 %, and a
 * busy account records a few dozen fills a day: 2,000 keeps about two months at that pace (~300 KB).
 */
export const MAX_OBSERVATIONS = 2_000

/** One line of the journal: an offer's wait, or a loan's life. */
const recordSchema = z.discriminatedUnion('kind', [
  fillObservationSchema.extend({ kind: z.literal('fill') }),
  lifeObservationSchema.extend({ kind: z.literal('life') })
])

export interface OwnHistoryStore {
  /** The recorded observations of one currency, oldest first. */
  get(currency: string): OwnHistory
  add(fills: readonly FillObservation[], lives: readonly LifeObservation[]): void
  /** Append what was added since the last flush (nothing when nothing was): one append per cycle. */
  flush(): void
  readonly notice: string | null
}

/** An append-only journal (storage/journal.ts), so a cycle writes only its new observations; it is
 *  rewritten with the newest MAX_OBSERVATIONS of each kind once it holds twice what it keeps
 *  (4 × MAX_OBSERVATIONS lines, both kinds together). */
export function createOwnHistoryStore(opts: { path: string; logger: Logger; clock: Clock; label: string }): OwnHistoryStore {
  const { journal, records } = openJournal({ path: opts.path, schema: recordSchema, logger: opts.logger, clock: opts.clock, label: opts.label })
  const strip = <T extends { kind: string }>({ kind: _kind, ...rest }: T): Omit<T, 'kind'> => rest
  let fills: FillObservation[] = records.flatMap((r) => (r.kind === 'fill' ? [strip(r)] : [])).slice(-MAX_OBSERVATIONS)
  let lives: LifeObservation[] = records.flatMap((r) => (r.kind === 'life' ? [strip(r)] : [])).slice(-MAX_OBSERVATIONS)
  return {
    get: (currency) => ({ fills: fills.filter((f) => f.currency === currency), lives: lives.filter((l) => l.currency === currency) }),
    add(newFills, newLives) {
      for (const f of newFills) journal.append({ kind: 'fill', ...f })
      for (const l of newLives) journal.append({ kind: 'life', ...l })
      fills = [...fills, ...newFills].slice(-MAX_OBSERVATIONS)
      lives = [...lives, ...newLives].slice(-MAX_OBSERVATIONS)
    },
    flush() {
      try {
        if (journal.lineCount > 4 * MAX_OBSERVATIONS) {
          journal.rewrite([...fills.map((f) => ({ kind: 'fill' as const, ...f })), ...lives.map((l) => ({ kind: 'life' as const, ...l }))])
        } else journal.flush()
      } catch (err) {
        // Losing a cycle of observations costs a little learning, never money: log and keep going.
        opts.logger.log('warn', `Could not write the ${opts.label} file`, { path: journal.path, error: err })
      }
    },
    notice: journal.notice
  }
}
