// Small state kept apart from the history: the nonce high-water mark and whether the loop was running.
// The nonce must be on disk before a request carrying it leaves, but writing it before EVERY request
// (an fsync each) is most of a cycle's writes. So the mark written is a lease: the nonce asked for plus
// NONCE_LEASE_US, and nothing is written while nonces stay below it. After a restart the generator starts
// above the lease, which is still strictly increasing; nonces run at most the lease ahead of the clock.
import { z } from 'zod'
import type { NonceStore } from '../../exchange/bitfinex'
import { systemClock, type Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import type { KeyValueBackend } from './backend'
import { loadDocument } from './document'

/** 10 minutes of microsecond nonces: about one small write per 10 minutes of requests. */
export const NONCE_LEASE_US = 600_000_000

const runStateSchema = z.object({ running: z.boolean(), mode: z.enum(['live', 'paper']).optional(), at: z.number() })
export type RunState = z.infer<typeof runStateSchema>

const runtimeStateDocumentSchema = z.object({
  version: z.literal(1),
  /** At least the highest nonce ever handed to Bitfinex with our key (microseconds-scale integer). */
  nonce: z.number().int().nonnegative(),
  lastRunState: runStateSchema.nullable()
})

export interface RuntimeStateStore {
  /** The persistence the Bitfinex adapter needs for its nonce high-water mark. */
  readonly nonceStore: NonceStore
  lastRunState(): RunState | null
  /** Record whether the loop is running (read at the next start: resume after login / crash). */
  setRunState(running: boolean, mode?: RunState['mode']): void
  readonly notice: string | null
}

export function createRuntimeStateStore(opts: { backend: KeyValueBackend; logger: Logger; clock?: Clock }): RuntimeStateStore {
  const clock = opts.clock ?? systemClock
  const loaded = loadDocument({
    backend: opts.backend,
    schema: runtimeStateDocumentSchema,
    defaults: () => ({ version: 1 as const, nonce: 0, lastRunState: null }),
    logger: opts.logger,
    clock,
    label: 'app state'
  })
  let doc = loaded.value
  const save = (next: typeof doc) => {
    opts.backend.write(next)
    doc = next
  }
  return {
    nonceStore: {
      load: async () => doc.nonce,
      // Never lower the mark: a lower nonce than one already used makes Bitfinex refuse the key for good.
      save: async (n) => {
        if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('A nonce must be a non-negative safe integer.')
        if (n > doc.nonce) save({ ...doc, nonce: Math.min(n + NONCE_LEASE_US, Number.MAX_SAFE_INTEGER) })
      }
    },
    lastRunState: () => doc.lastRunState,
    setRunState(running, mode) {
      save({ ...doc, lastRunState: { running, mode, at: clock.now() } })
    },
    notice: loaded.notice
  }
}
