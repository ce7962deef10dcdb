// What the app remembers between runs that the exchange will not tell it again: the activity history
// (activityStore.ts) and the earnings it saw (earningsStore.ts), two journals in the data folder. Both
// are written once per cycle (endCycle) and whenever money news arrives between cycles (persist); reads
// never write. Nothing here is a source of truth for money, so a damaged line costs history only.
import { existsSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { decisionSchema, interestPaymentSchema, type Decision } from '../../../shared/domain'
import { systemClock, type Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import { openActivityStore, type ActivityStore } from './activityStore'
import { earningsEventSchema, openEarningsStore, type EarningsLimits, type EarningsStore } from './earningsStore'

export type { EarningsEvent } from './earningsStore'

interface HistoryLimits extends EarningsLimits {
  /** Activity entries kept (besides the 90 days). */
  activityEvents: number
  offerReasons: number
}

export interface HistoryStore extends Omit<ActivityStore, 'notice' | 'persist' | 'entriesExamined'>, Omit<EarningsStore, 'notice' | 'persist'> {
  /** Set when damaged lines were skipped (both files' notices joined; the earnings file's once it was opened). */
  readonly notice: string | null
  /** The loop's decisions (place, cancel, hold, info, error), newest first. */
  decisions(limit: number): Decision[]
  /** Write what is buffered in both journals without closing folds (money news between cycles). */
  persist(): void
}

const DECISION_KINDS = ['place', 'cancel', 'hold', 'info', 'error'] as const

export function createHistoryStore(opts: { dir: string; logger: Logger; clock?: Clock; limits?: Partial<HistoryLimits> }): HistoryStore {
  const clock = opts.clock ?? systemClock
  const activity = openActivityStore({
    dir: opts.dir,
    logger: opts.logger,
    clock,
    maxEvents: opts.limits?.activityEvents,
    maxOfferReasons: opts.limits?.offerReasons
  })
  // The user reads about a damaged history where they read the history (the activity file's own
  // notice is recorded by the activity store when it reads the file).
  const tell = (notice: string | null) => notice && activity.record({ kind: 'error', currency: 'all', dryRun: false, message: notice })
  // The earnings journal is opened on first use: the first cycle after a start does not need it, and
  // reading a full one is a third of the start-up time.
  let openedEarnings: EarningsStore | null = null
  const earnings = (): EarningsStore => {
    if (!openedEarnings) {
      openedEarnings = openEarningsStore({ dir: opts.dir, logger: opts.logger, clock, limits: opts.limits })
      tell(openedEarnings.notice)
    }
    return openedEarnings
  }
  importLegacyFiles(opts.dir, activity, earnings, opts.logger)

  return {
    get notice() {
      return [activity.notice, openedEarnings?.notice].filter(Boolean).join(' ') || null
    },
    record: (input) => activity.record(input),
    endCycle() {
      activity.endCycle()
      openedEarnings?.persist()
    },
    persist() {
      activity.persist()
      openedEarnings?.persist()
    },
    query: (q) => activity.query(q),
    decisions: (limit) =>
      limit > 0
        ? activity.query({ kinds: [...DECISION_KINDS], limit }).events.map((e) => ({
            id: e.id,
            at: e.until,
            currency: e.currency,
            kind: e.kind as Decision['kind'],
            message: e.count > 1 ? `${e.message} (${e.count} times)` : e.message,
            dryRun: e.dryRun,
            ...(e.offerId !== undefined && { offerId: e.offerId }),
            ...(e.rate !== undefined && { rate: e.rate }),
            ...(e.amount !== undefined && { amount: e.amount }),
            ...(e.period !== undefined && { period: e.period })
          }))
        : [],
    setOfferReason: (id, reason) => activity.setOfferReason(id, reason),
    offerReason: (id) => activity.offerReason(id),
    seedOfferReasons: (known) => activity.seedOfferReasons(known),
    addEarningsEvent: (e) => earnings().addEarningsEvent(e),
    earningsEvents: (currency) => earnings().earningsEvents(currency),
    mergeInterestPayments: (currency, payments) => earnings().mergeInterestPayments(currency, payments),
    interestPayments: (currency) => earnings().interestPayments(currency),
    ledgerSyncedThrough: (currency) => earnings().ledgerSyncedThrough(currency)
  }
}

// Versions before the journals kept everything in history.json and earnings.json, rewritten whole.
const legacyHistorySchema = z.object({ decisions: z.array(decisionSchema) })
const legacyEarningsSchema = z.object({ earningsEvents: z.array(earningsEventSchema), interestPayments: z.array(interestPaymentSchema) })

/** Move what the old files held into the journals, once; the old file is kept as <name>.imported. */
function importLegacyFiles(dir: string, activity: ActivityStore, earnings: () => EarningsStore, logger: Logger): void {
  const take = <S extends z.ZodType>(name: string, schema: S, use: (doc: z.output<S>) => void): void => {
    const path = join(dir, name)
    if (!existsSync(path)) return
    try {
      const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')))
      if (parsed.success) use(parsed.data)
      renameSync(path, `${path}.imported`)
      logger.log('info', 'Imported an old history file', { path, imported: parsed.success })
    } catch (err) {
      logger.log('warn', 'Could not import an old history file', { path, error: err })
    }
  }
  take('history.json', legacyHistorySchema, (doc) => {
    for (const d of doc.decisions) activity.record({ ...d, at: d.at })
    activity.endCycle()
  })
  take('earnings.json', legacyEarningsSchema, (doc) => {
    const store = earnings()
    for (const e of doc.earningsEvents) store.addEarningsEvent(e)
    const currencies = new Set(doc.interestPayments.map((p) => p.currency))
    for (const c of currencies) store.mergeInterestPayments(c, doc.interestPayments)
    store.persist()
  })
}
