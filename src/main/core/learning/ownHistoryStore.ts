// The user's own fill and loan-life observations on disk, one journal per mode (paper mode learns into
// its own record, never the live one), with the market model's expected wait of each offer IBRR placed
// that is still open. A cycle appends only what it observed; the store keeps the most recent
// observations, which are the ones IBRR's estimator weighs. The same store without a file serves the
// backtest, so a replay learns exactly as the app does.
import { z } from 'zod'
import { fillObservationSchema, lifeObservationSchema, type FillObservation, type LifeObservation, type OwnHistory, type OwnHistorySums } from '../../../shared/domain'
import { addToSums, emptySums } from '../../ibrr'
import type { Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import { openJournal } from '../storage/journal'

/**
 * Per kind, across currencies. With a 14-day half-life an observation 90 days old weighs 1 %, and a
 * busy account records a few dozen fills a day: 2,000 keeps about two months at that pace (~300 KB).
 */
export const MAX_OBSERVATIONS = 2_000

/**
 * One line of the journal: an offer's wait, a loan's life, or the model's expected wait of an offer IBRR
 * placed (PlannedOffer.expectedWaitMinutes), kept until the offer has left the book: an offer placed
 * before a restart and filled after it is then learned from with it. (Records of older versions have no
 * 'expected' lines and read as before.)
 */
const expectedWaitSchema = z.object({ kind: z.literal('expected'), currency: z.string(), offerId: z.number().int(), expectedWaitMinutes: z.number().positive() })
const recordSchema = z.discriminatedUnion('kind', [
  fillObservationSchema.extend({ kind: z.literal('fill') }),
  lifeObservationSchema.extend({ kind: z.literal('life') }),
  expectedWaitSchema
])
type StoredRecord = z.output<typeof recordSchema>

export interface OwnHistoryStore {
  /** The recorded observations of one currency, oldest first. */
  get(currency: string): OwnHistory
  add(fills: readonly FillObservation[], lives: readonly LifeObservation[]): void
  /** Keep the model's expected wait of an offer IBRR just placed (written with the cycle's observations). */
  expectWait(currency: string, offerId: number, minutes: number): void
  expectedWait(currency: string, offerId: number): number | undefined
  /**
   * Forget the expected waits of this currency's offers that are not open any more (they have been learned
   * from, or left unseen): what is kept is bounded by the open offers. Changes only memory; the file
   * forgets them at its next compaction. A stale line read back after a restart cannot match another
   * offer: Bitfinex never reuses an offer id, and the recorder forgets what a currency's first cycle does
   * not see before that cycle places anything (paper mode's simulated ids do start again at 1).
   */
  keepExpected(currency: string, openOfferIds: ReadonlySet<number>): void
  /** Append what was added since the last flush (nothing when nothing was): one append per cycle. */
  flush(): void
  readonly notice: string | null
}

/**
 * Observations are summed per currency as they come and go (ibrr's addToSums), so handing plan() the
 * record costs O(new observations) per cycle, not O(record): the record sits at its cap after a few weeks
 * and plan() runs every cycle. The sums' weights are relative to a reference time that moves forward
 * every REBASE_DAYS (a fresh sum from the record then), so they never grow large and rounding from
 * taking observations out cannot accumulate.
 */
const REBASE_DAYS = 28
const DAY_MS = 86_400_000

interface CurrencyRecord {
  fills: FillObservation[]
  lives: LifeObservation[]
  sums: OwnHistorySums
}

/** An append-only journal (storage/journal.ts), so a cycle writes only its new observations; it is
 *  rewritten with the newest MAX_OBSERVATIONS of each kind (and the expected waits of open offers) once
 *  it holds twice what it keeps (4 × MAX_OBSERVATIONS lines, every kind together). */
export function createOwnHistoryStore(opts: { path: string; logger: Logger; clock: Clock; label: string }): OwnHistoryStore {
  const { journal, records } = openJournal({ path: opts.path, schema: recordSchema, logger: opts.logger, clock: opts.clock, label: opts.label })
  return ownHistoryStore(records, opts.clock, {
    append: (r) => journal.append(r),
    flush(all) {
      try {
        if (journal.lineCount > 4 * MAX_OBSERVATIONS) journal.rewrite(all())
        else journal.flush()
      } catch (err) {
        // Losing a cycle of observations costs a little learning, never money: log and keep going.
        opts.logger.log('warn', `Could not write the ${opts.label} file`, { path: journal.path, error: err })
      }
    },
    notice: journal.notice
  })
}

/** The same store in memory only, for the backtest: it learns exactly as the app's, and writes nothing. */
export function createMemoryOwnHistoryStore(clock: Pick<Clock, 'now'>): OwnHistoryStore {
  return ownHistoryStore([], clock, { append: () => {}, flush: () => {}, notice: null })
}

/** Where a store's records go: a journal, or nowhere. `flush` gets every record kept, for a compaction. */
interface Persistence {
  append(record: StoredRecord): void
  flush(all: () => StoredRecord[]): void
  readonly notice: string | null
}

function ownHistoryStore(records: readonly StoredRecord[], clock: Pick<Clock, 'now'>, persist: Persistence): OwnHistoryStore {
  const strip = <T extends { kind: string }>({ kind: _kind, ...rest }: T): Omit<T, 'kind'> => rest
  let fills: FillObservation[] = records.flatMap((r) => (r.kind === 'fill' ? [strip(r)] : [])).slice(-MAX_OBSERVATIONS)
  let lives: LifeObservation[] = records.flatMap((r) => (r.kind === 'life' ? [strip(r)] : [])).slice(-MAX_OBSERVATIONS)
  // Per currency, offer id → expected wait (minutes); a later line for the same offer replaces an earlier one.
  const expected = new Map<string, Map<number, number>>()
  const expectedOf = (currency: string): Map<number, number> => {
    let byId = expected.get(currency)
    if (!byId) expected.set(currency, (byId = new Map()))
    return byId
  }
  for (const r of records) if (r.kind === 'expected') expectedOf(r.currency).set(r.offerId, r.expectedWaitMinutes)

  // Per currency: its observations (oldest first, as in the record) and their sums.
  const byCurrency = new Map<string, CurrencyRecord>()
  const recordOf = (currency: string): CurrencyRecord => {
    let r = byCurrency.get(currency)
    if (!r) {
      r = { fills: [], lives: [], sums: emptySums(clock.now()) }
      byCurrency.set(currency, r)
    }
    return r
  }
  const rebuild = (ref: number): void => {
    byCurrency.clear()
    for (const f of fills) recordOf(f.currency).fills.push(f)
    for (const l of lives) recordOf(l.currency).lives.push(l)
    for (const r of byCurrency.values()) {
      r.sums = emptySums(ref)
      addToSums(r.sums, r.fills, r.lives)
    }
  }
  rebuild(clock.now())

  return {
    get(currency) {
      const r = byCurrency.get(currency)
      if (!r) return { fills: [], lives: [] }
      // Copies of the sums: plan() gets a value that later cycles do not change under it.
      const s = r.sums
      const sums: OwnHistorySums = {
        ...s,
        fillEvents: s.fillEvents.slice(),
        fillExposure: s.fillExposure.slice(),
        lifeEvents: s.lifeEvents.slice(),
        lifeExposure: s.lifeExposure.slice(),
        scaleEventsByPeriod: s.scaleEventsByPeriod.slice(),
        scaleExposureByPeriod: s.scaleExposureByPeriod.slice()
      }
      return { fills: r.fills, lives: r.lives, sums }
    },
    add(newFills, newLives) {
      if (!newFills.length && !newLives.length) return
      for (const f of newFills) persist.append({ kind: 'fill', ...f })
      for (const l of newLives) persist.append({ kind: 'life', ...l })
      const dropFills = Math.max(0, fills.length + newFills.length - MAX_OBSERVATIONS)
      const dropLives = Math.max(0, lives.length + newLives.length - MAX_OBSERVATIONS)
      const droppedFills = fills.slice(0, dropFills)
      const droppedLives = lives.slice(0, dropLives)
      fills = [...fills, ...newFills].slice(-MAX_OBSERVATIONS)
      lives = [...lives, ...newLives].slice(-MAX_OBSERVATIONS)
      const now = clock.now()
      if (byCurrency.size && now - [...byCurrency.values()][0].sums.ref > REBASE_DAYS * DAY_MS) return rebuild(now)
      // The record's arrays are replaced, never changed, so what get() handed out stays as it was.
      const touched = new Map<string, { addF: FillObservation[]; addL: LifeObservation[]; dropF: FillObservation[]; dropL: LifeObservation[] }>()
      const change = (c: string) => {
        let t = touched.get(c)
        if (!t) touched.set(c, (t = { addF: [], addL: [], dropF: [], dropL: [] }))
        return t
      }
      for (const f of droppedFills) change(f.currency).dropF.push(f)
      for (const l of droppedLives) change(l.currency).dropL.push(l)
      for (const f of newFills) change(f.currency).addF.push(f)
      for (const l of newLives) change(l.currency).addL.push(l)
      for (const [currency, t] of touched) {
        const r = recordOf(currency)
        // Dropped observations are the oldest of the record, so they are the first of their currency.
        r.fills = [...r.fills.slice(t.dropF.length), ...t.addF]
        r.lives = [...r.lives.slice(t.dropL.length), ...t.addL]
        addToSums(r.sums, t.dropF, t.dropL, -1)
        addToSums(r.sums, t.addF, t.addL)
      }
    },
    expectWait(currency, offerId, minutes) {
      expectedOf(currency).set(offerId, minutes)
      persist.append({ kind: 'expected', currency, offerId, expectedWaitMinutes: minutes })
    },
    expectedWait: (currency, offerId) => expected.get(currency)?.get(offerId),
    keepExpected(currency, openOfferIds) {
      const byId = expected.get(currency)
      if (byId) for (const id of byId.keys()) if (!openOfferIds.has(id)) byId.delete(id)
    },
    flush() {
      persist.flush(() => [
        ...fills.map((f) => ({ kind: 'fill' as const, ...f })),
        ...lives.map((l) => ({ kind: 'life' as const, ...l })),
        ...[...expected].flatMap(([currency, byId]) => [...byId].map(([offerId, expectedWaitMinutes]) => ({ kind: 'expected' as const, currency, offerId, expectedWaitMinutes })))
      ])
    },
    notice: persist.notice
  }
}
