// The user's own fill and loan-life observations on disk, one small file per mode (paper mode learns
// into its own record, never the live one). Written at most once per cycle, only when something new
// was recorded; bounded to the most recent observations, which are the ones IBRR's estimator weighs.
import { z } from 'zod'
import { fillObservationSchema, lifeObservationSchema, type FillObservation, type LifeObservation, type OwnHistory } from '../../../shared/domain'
import type { Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import type { KeyValueBackend } from '../storage'
import { loadDocument } from '../storage/document'

/**
 * Per kind, across currencies. With a 14-day half-life an observation 90 days old weighs 1 %, and a
 * busy account records a few dozen fills a day: 2,000 keeps about two months at that pace (~300 KB).
 */
export const MAX_OBSERVATIONS = 2_000

const documentSchema = z.object({
  version: z.literal(1),
  fills: z.array(fillObservationSchema),
  lives: z.array(lifeObservationSchema)
})

export interface OwnHistoryStore {
  /** The recorded observations of one currency, oldest first. */
  get(currency: string): OwnHistory
  add(fills: readonly FillObservation[], lives: readonly LifeObservation[]): void
  /** Write what was added since the last flush (nothing when nothing was). */
  flush(): void
  readonly notice: string | null
}

export function createOwnHistoryStore(opts: { backend: KeyValueBackend; logger: Logger; clock: Clock; label: string }): OwnHistoryStore {
  const loaded = loadDocument({
    backend: opts.backend,
    schema: documentSchema,
    defaults: () => ({ version: 1 as const, fills: [], lives: [] }),
    logger: opts.logger,
    clock: opts.clock,
    label: opts.label
  })
  let doc = loaded.value
  let dirty = false
  return {
    get: (currency) => ({ fills: doc.fills.filter((f) => f.currency === currency), lives: doc.lives.filter((l) => l.currency === currency) }),
    add(fills, lives) {
      if (!fills.length && !lives.length) return
      doc = {
        version: 1,
        fills: [...doc.fills, ...fills].slice(-MAX_OBSERVATIONS),
        lives: [...doc.lives, ...lives].slice(-MAX_OBSERVATIONS)
      }
      dirty = true
    },
    flush() {
      if (!dirty) return
      try {
        opts.backend.write(doc)
        dirty = false
      } catch (err) {
        // Losing a cycle of observations costs a little learning, never money: log and keep them for the next flush.
        opts.logger.log('warn', `Could not write the ${opts.label} file`, { path: opts.backend.path, error: err })
      }
    },
    notice: loaded.notice
  }
}
