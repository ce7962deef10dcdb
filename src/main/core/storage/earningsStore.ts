// Earnings the app keeps between runs: the loans it saw return (with interest estimated from rate × days,
// for keys that cannot read Bitfinex's ledger) and a cache of the ledger's interest payments. Neither is
// a source of truth for money, so a damaged line costs one entry, never the file.
//
// On disk it is a journal (journal.ts): each new event or payment is one appended line, so a returned
// loan costs ~200 bytes instead of a sort and a rewrite of everything, and reading for the dashboard
// writes nothing. Bound: `earningsEvents` events in all and `interestPayments` payments per currency,
// newest kept; compaction rewrites the live ones when dead lines outnumber them.
import { join } from 'node:path'
import { z } from 'zod'
import { interestPaymentSchema, type InterestPayment } from '../../../shared/domain'
import type { Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import { openJournal } from './journal'

/** An earning the app observed itself: a loan that closed, with the interest estimated from rate × days. */
export const earningsEventSchema = z.object({
  id: z.string(),
  at: z.number(),
  currency: z.string(),
  kind: z.enum(['loanClosed', 'interestEstimated']),
  loanId: z.number().optional(),
  principal: z.number().optional(),
  rate: z.number().optional(),
  days: z.number().optional(),
  /** The loan's period in days, as lent (events recorded before this field existed lack it). */
  period: z.number().optional(),
  /** Interest after Bitfinex's fee, as estimated. */
  interest: z.number()
})
export type EarningsEvent = z.infer<typeof earningsEventSchema>

const recordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('loan'), e: earningsEventSchema }),
  z.object({ t: z.literal('pay'), p: interestPaymentSchema })
])
type EarningsRecord = z.infer<typeof recordSchema>

export interface EarningsLimits {
  earningsEvents: number
  /** Per currency. */
  interestPayments: number
}
export const DEFAULT_EARNINGS_LIMITS: EarningsLimits = { earningsEvents: 5000, interestPayments: 2000 }

export interface EarningsStore {
  readonly notice: string | null
  /** Returns false when an event with this id was already recorded (loans close once). */
  addEarningsEvent(event: EarningsEvent): boolean
  /** Oldest first. */
  earningsEvents(currency?: string): EarningsEvent[]
  /** Merge ledger payments by id; returns the ones that were new, oldest first. */
  mergeInterestPayments(currency: string, payments: InterestPayment[]): InterestPayment[]
  /** Oldest first. */
  interestPayments(currency: string): InterestPayment[]
  /** The newest payment known: the next ledger read starts there (overlap is merged away by id). */
  ledgerSyncedThrough(currency: string): number | null
  /** Write what is buffered (one append, one fsync). */
  persist(): void
}

/** Insert keeping `list` sorted by `time`; what is new is almost always last, so search from the end. */
function insertSorted<T>(list: T[], item: T, time: (x: T) => number): void {
  let i = list.length
  while (i > 0 && time(list[i - 1]) > time(item)) i--
  list.splice(i, 0, item)
}

export function openEarningsStore(opts: { dir: string; logger: Logger; clock: Clock; limits?: Partial<EarningsLimits> }): EarningsStore {
  const limits = { ...DEFAULT_EARNINGS_LIMITS, ...opts.limits }
  const { journal, records } = openJournal({
    path: join(opts.dir, 'earnings.jsonl'),
    schema: recordSchema,
    logger: opts.logger,
    clock: opts.clock,
    label: 'earnings history'
  })

  const events: EarningsEvent[] = []
  const eventIds = new Set<string>()
  const payments = new Map<string, InterestPayment[]>()
  const paymentIds = new Map<string, Set<number>>()
  const mine = (currency: string) => {
    if (!payments.has(currency)) {
      payments.set(currency, [])
      paymentIds.set(currency, new Set())
    }
    return { list: payments.get(currency) as InterestPayment[], ids: paymentIds.get(currency) as Set<number> }
  }

  const addEvent = (e: EarningsEvent): boolean => {
    if (eventIds.has(e.id)) return false
    eventIds.add(e.id)
    insertSorted(events, e, (x) => x.at)
    while (events.length > limits.earningsEvents) eventIds.delete((events.shift() as EarningsEvent).id)
    return true
  }
  const addPayment = (p: InterestPayment): boolean => {
    const { list, ids } = mine(p.currency)
    if (ids.has(p.id)) return false
    ids.add(p.id)
    insertSorted(list, p, (x) => x.mts)
    while (list.length > limits.interestPayments) ids.delete((list.shift() as InterestPayment).id)
    return true
  }
  for (const r of records) {
    if (r.t === 'loan') addEvent(r.e)
    else addPayment(r.p)
  }

  const live = () => events.length + [...payments.values()].reduce((n, l) => n + l.length, 0)
  function compactIfDue(): void {
    if (journal.lineCount <= 2 * live() + 500) return
    const all: EarningsRecord[] = [...events.map((e) => ({ t: 'loan' as const, e })), ...[...payments.values()].flat().map((p) => ({ t: 'pay' as const, p }))]
    journal.rewrite(all)
  }
  try {
    compactIfDue()
  } catch (err) {
    opts.logger.log('error', 'Could not compact the earnings history', { path: journal.path, error: err })
  }

  return {
    notice: journal.notice,
    addEarningsEvent(event) {
      const valid = earningsEventSchema.parse(event)
      if (!addEvent(valid)) return false
      journal.append({ t: 'loan', e: valid })
      return true
    },
    earningsEvents: (currency) => events.filter((e) => !currency || e.currency === currency),
    mergeInterestPayments(currency, batch) {
      const fresh: InterestPayment[] = []
      // addPayment drops a payment repeated within the batch too (overlapping ledger pages).
      for (const p of batch.map((x) => interestPaymentSchema.parse(x))) {
        if (p.currency !== currency || !addPayment(p)) continue
        journal.append({ t: 'pay', p })
        fresh.push(p)
      }
      return fresh.sort((a, b) => a.mts - b.mts)
    },
    interestPayments: (currency) => [...(payments.get(currency) ?? [])],
    ledgerSyncedThrough(currency) {
      const list = payments.get(currency)
      return list && list.length > 0 ? list[list.length - 1].mts : null
    },
    persist() {
      try {
        journal.flush()
        compactIfDue()
      } catch (err) {
        opts.logger.log('error', 'Could not save the earnings history', { path: journal.path, error: err })
      }
    }
  }
}
