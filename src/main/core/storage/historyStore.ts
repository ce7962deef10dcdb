// What the app remembers between runs that the exchange will not tell it again: the decision log,
// why each offer was placed, the earnings it saw happen (for keys that cannot read the ledger), and a
// cache of ledger interest payments. Everything is bounded (newest kept) so the file cannot grow
// without limit; nothing here is a source of truth for money, so a damaged file costs history only.
import { z } from 'zod'
import { decisionSchema, interestPaymentSchema, type Decision, type InterestPayment } from '../../../shared/domain'
import { systemClock, type Clock } from '../clock'
import type { Logger } from '../log'
import type { KeyValueBackend } from './backend'
import { loadDocument } from './document'

/** An earning the app observed itself: a loan that closed, with the interest estimated from rate × days. */
const earningsEventSchema = z.object({
  id: z.string(),
  at: z.number(),
  currency: z.string(),
  kind: z.enum(['loanClosed', 'interestEstimated']),
  loanId: z.number().optional(),
  principal: z.number().optional(),
  rate: z.number().optional(),
  days: z.number().optional(),
  /** Interest after Bitfinex's fee, as estimated. */
  interest: z.number()
})
export type EarningsEvent = z.infer<typeof earningsEventSchema>

const offerReasonSchema = z.object({ offerId: z.number(), reason: z.string(), at: z.number() })

// Two files: the decision log is written every cycle and must stay small to write quickly; the
// earnings data is large (years of daily payments) but changes rarely.
const historyDocumentSchema = z.object({
  version: z.literal(1),
  decisions: z.array(decisionSchema),
  offerReasons: z.array(offerReasonSchema)
})
type HistoryDocument = z.infer<typeof historyDocumentSchema>

const earningsDocumentSchema = z.object({
  version: z.literal(1),
  earningsEvents: z.array(earningsEventSchema),
  interestPayments: z.array(interestPaymentSchema),
  /** Per currency: ledger fetched up to this time (ms), so the next fetch asks only for newer payments. */
  ledgerSyncedThrough: z.record(z.string(), z.number())
})
type EarningsDocument = z.infer<typeof earningsDocumentSchema>

export interface HistoryLimits {
  decisions: number
  offerReasons: number
  earningsEvents: number
  /** Per currency. */
  interestPayments: number
}
const DEFAULT_HISTORY_LIMITS: HistoryLimits = {
  decisions: 1000,
  offerReasons: 500,
  earningsEvents: 5000,
  interestPayments: 2000
}

export interface HistoryStore {
  /** Set when a damaged file was replaced (both files' notices joined). */
  readonly notice: string | null
  /** Append decisions (one write for the batch); the oldest beyond the limit are dropped. */
  addDecisions(decisions: Decision[]): void
  /** Newest first. */
  decisions(limit: number): Decision[]
  setOfferReason(offerId: number, reason: string): void
  offerReason(offerId: number): string | null
  /** Returns false when an event with this id was already recorded (loans close once). */
  addEarningsEvent(event: EarningsEvent): boolean
  /** Oldest first. */
  earningsEvents(currency?: string): EarningsEvent[]
  /** Merge ledger payments by id; returns how many were new. */
  mergeInterestPayments(currency: string, payments: InterestPayment[], syncedThrough?: number): number
  /** Oldest first. */
  interestPayments(currency: string): InterestPayment[]
  ledgerSyncedThrough(currency: string): number | null
}

const emptyHistory = (): HistoryDocument => ({ version: 1, decisions: [], offerReasons: [] })
const emptyEarnings = (): EarningsDocument => ({ version: 1, earningsEvents: [], interestPayments: [], ledgerSyncedThrough: {} })

const newest = <T>(items: T[], limit: number): T[] => (items.length > limit ? items.slice(items.length - limit) : items)

export function createHistoryStore(opts: {
  /** history.json: decisions and offer reasons. */
  backend: KeyValueBackend
  /** earnings.json: recorded earnings events and the ledger cache. */
  earningsBackend: KeyValueBackend
  logger: Logger
  clock?: Clock
  limits?: Partial<HistoryLimits>
}): HistoryStore {
  const clock = opts.clock ?? systemClock
  const limits = { ...DEFAULT_HISTORY_LIMITS, ...opts.limits }
  const loaded = loadDocument({
    backend: opts.backend,
    schema: historyDocumentSchema,
    defaults: emptyHistory,
    logger: opts.logger,
    clock,
    label: 'history'
  })
  const loadedEarnings = loadDocument({
    backend: opts.earningsBackend,
    schema: earningsDocumentSchema,
    defaults: emptyEarnings,
    logger: opts.logger,
    clock,
    label: 'earnings history'
  })
  let doc = loaded.value
  let earn = loadedEarnings.value

  // History is a convenience: a full disk must not stop the loop. Memory keeps it for this run.
  const writeOrLog = (backend: KeyValueBackend, value: Record<string, unknown>) => {
    try {
      backend.write(value)
    } catch (err) {
      opts.logger.log('error', 'Could not save a history file', { path: backend.path, error: err })
    }
  }
  const save = (next: HistoryDocument) => writeOrLog(opts.backend, (doc = next))
  const saveEarnings = (next: EarningsDocument) => writeOrLog(opts.earningsBackend, (earn = next))

  return {
    notice: [loaded.notice, loadedEarnings.notice].filter(Boolean).join(' ') || null,
    addDecisions(decisions) {
      if (decisions.length === 0) return
      const valid = decisions.map((d) => decisionSchema.parse(d))
      save({ ...doc, decisions: newest([...doc.decisions, ...valid], limits.decisions) })
    },
    // slice(-0) would be the whole log, so a limit of 0 (or less) is answered separately.
    decisions: (limit) => (limit > 0 ? doc.decisions.slice(-limit).reverse() : []),
    setOfferReason(offerId, reason) {
      const rest = doc.offerReasons.filter((r) => r.offerId !== offerId)
      save({ ...doc, offerReasons: newest([...rest, { offerId, reason, at: clock.now() }], limits.offerReasons) })
    },
    offerReason: (offerId) => doc.offerReasons.find((r) => r.offerId === offerId)?.reason ?? null,
    addEarningsEvent(event) {
      const valid = earningsEventSchema.parse(event)
      if (earn.earningsEvents.some((e) => e.id === valid.id)) return false
      const events = [...earn.earningsEvents, valid].sort((a, b) => a.at - b.at)
      saveEarnings({ ...earn, earningsEvents: newest(events, limits.earningsEvents) })
      return true
    },
    earningsEvents: (currency) => earn.earningsEvents.filter((e) => !currency || e.currency === currency),
    mergeInterestPayments(currency, payments, syncedThrough) {
      const stored = earn.interestPayments.filter((p) => p.currency === currency)
      const known = new Set(stored.map((p) => p.id))
      const fresh: InterestPayment[] = []
      // Adding to `known` as we go also drops a payment repeated within the batch (overlapping ledger pages).
      for (const p of payments.map((p) => interestPaymentSchema.parse(p))) {
        if (p.currency !== currency || known.has(p.id)) continue
        known.add(p.id)
        fresh.push(p)
      }
      const mine = newest([...stored, ...fresh].sort((a, b) => a.mts - b.mts), limits.interestPayments)
      const others = earn.interestPayments.filter((p) => p.currency !== currency)
      const through = syncedThrough ?? earn.ledgerSyncedThrough[currency]
      saveEarnings({
        ...earn,
        interestPayments: [...others, ...mine],
        ledgerSyncedThrough: through === undefined ? earn.ledgerSyncedThrough : { ...earn.ledgerSyncedThrough, [currency]: through }
      })
      return fresh.length
    },
    interestPayments: (currency) => earn.interestPayments.filter((p) => p.currency === currency),
    ledgerSyncedThrough: (currency) => earn.ledgerSyncedThrough[currency] ?? null
  }
}
