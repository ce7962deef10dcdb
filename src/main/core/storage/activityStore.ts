// The activity history: 90 days of what the loop decided, what happened to the money (fills, returns,
// interest payments) and what the user did (start, stop, settings), for the activity log and its filters.
// A line that comes back in consecutive cycles ("Kept 5 offers …") is folded into one entry with a count
// and a time span instead of one entry per cycle, and routine lines (placed, cancelled, kept, notes)
// older than 7 days are counted per day and currency: that is what keeps 90 days small. Fills, returns,
// payments, errors, start/stop and settings changes stay listed one by one for the 90 days.
//
// On disk it is a journal (journal.ts): a new entry is one line, a fold that grew is one short line
// {id, count, until}, written once per cycle. Compaction rewrites the live entries when dead lines
// outnumber them, entries exceed the bound by a tenth, or (once a day) entries expired. Bound: 90 days
// and at most `maxEvents` (+10 %) entries, the oldest going first: about maxEvents × 330 bytes (~3.5 MB
// at the default 10,000) after a compaction, and the journal never exceeds twice its live lines + 1,000.
// 10,000 and not more because the whole history is read once per run (at the window's first read or the
// second cycle, never before the first cycle ends): ~100 ms at this bound on this machine.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { z } from 'zod'
import { activityEventSchema, type ActivityEvent, type ActivityKind, type ActivityPage, type ActivityQuery } from '../../../shared/contract'
import type { Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import { openJournalForAppend } from './journal'

const DAY_MS = 86_400_000
export const ACTIVITY_RETENTION_MS = 90 * DAY_MS
export const DEFAULT_MAX_ACTIVITY_EVENTS = 10_000
const DEFAULT_MAX_OFFER_REASONS = 500

/** Routine lines are listed one by one for this long, then counted per day (money, errors, user: 90 days). */
const DETAIL_MS = 7 * DAY_MS
const ROLLED_UP: Partial<Record<ActivityKind, string>> = { place: 'Offers placed', cancel: 'Offers cancelled', hold: 'Offers kept', info: 'Notes from the loop' }

/** Routine lines that repeat from cycle to cycle. Money and user events are each their own line. */
const FOLDABLE: ReadonlySet<ActivityKind> = new Set(['place', 'cancel', 'hold', 'info', 'error'])

const recordSchema = z.discriminatedUnion('t', [
  /** A new entry. */
  z.object({ t: z.literal('e'), e: activityEventSchema }),
  /** A folded entry grew. */
  z.object({ t: z.literal('f'), id: z.string(), count: z.number().int().min(1), until: z.number() }),
  /** Why an offer was placed, shown next to it on the dashboard. */
  z.object({ t: z.literal('r'), offerId: z.number(), reason: z.string(), at: z.number() })
])
type ActivityRecord = z.infer<typeof recordSchema>

/** `until`: for what happened some time in a span (a loan returned while the app was closed), its end. */
export type ActivityInput = Omit<ActivityEvent, 'id' | 'at' | 'until' | 'count'> & { at?: number; until?: number }

export interface ActivityStore {
  readonly notice: string | null
  /** Entries read from the file, examined by housekeeping (due checks, roll-ups) or rewritten so far: the
   *  work that must stay bounded per cycle as the history fills, counted for tests (the bench times it). */
  readonly entriesExamined: number
  /** Add a line, or fold it into the same line of the previous cycle. Returns the entry as it is now. */
  record(input: ActivityInput): ActivityEvent
  /** A cycle ended: folds that did not repeat in it are closed, and everything buffered is written. */
  endCycle(): void
  /** Write what is buffered (one append, one fsync); folds stay open. */
  persist(): void
  query(q: ActivityQuery): ActivityPage
  setOfferReason(offerId: number, reason: string): void
  offerReason(offerId: number): string | null
  /**
   * The reasons of the offers open at the last close, as the last-known account kept them: the first
   * cycle's dashboard shows them without reading the whole history (a full one takes ~100 ms to read).
   * An offer not among them is answered from the file, read then.
   */
  seedOfferReasons(known: Iterable<[offerId: number, reason: string | null]>): void
}

const foldKey = (e: ActivityInput): string => JSON.stringify([e.kind, e.currency, e.dryRun, e.message, e.offerId ?? null, e.loanId ?? null])

export function openActivityStore(opts: {
  dir: string
  logger: Logger
  clock: Clock
  maxEvents?: number
  maxOfferReasons?: number
}): ActivityStore {
  const { clock, logger } = opts
  const maxEvents = opts.maxEvents ?? DEFAULT_MAX_ACTIVITY_EVENTS
  const maxReasons = opts.maxOfferReasons ?? DEFAULT_MAX_OFFER_REASONS
  const { journal, read } = openJournalForAppend({ path: join(opts.dir, 'activity.jsonl'), schema: recordSchema, logger, clock, label: 'activity history' })

  /** Oldest first by start time. Until the file is read, only what this run recorded. */
  let events: ActivityEvent[] = []
  const byId = new Map<string, ActivityEvent>()
  let reasons = new Map<number, { reason: string; at: number }>()
  /** Until the file is read: what the last-known account said about its offers (seedOfferReasons). */
  const seeded = new Map<number, string | null>()
  // Ids unique across runs without reading the file first: a tag of this run, then a counter.
  const run = randomBytes(3).toString('hex')
  let seq = 0

  /**
   * The file is read when something asks what it holds (the dashboard, an offer's reason), or when a
   * compaction may be due from the second cycle on, not at start: the first cycle only appends, and
   * a full history takes tens of milliseconds to read. What this run recorded before is merged in.
   */
  let loaded = false
  let examined = 0
  function load(): void {
    if (loaded) return
    loaded = true
    seeded.clear()
    const mine = events
    const ownReasons = reasons
    events = []
    reasons = new Map()
    const records = read()
    examined += records.length
    for (const r of records) {
      if (r.t === 'e') {
        // This run's own lines already flushed are in the file too: the entry in memory is the live one.
        if (byId.has(r.e.id)) continue
        insertByTime(r.e)
        byId.set(r.e.id, r.e)
      } else if (r.t === 'f') {
        const e = byId.get(r.id)
        if (e && !mine.includes(e)) Object.assign(e, { count: r.count, until: r.until })
      } else rememberReason(r.offerId, r.reason, r.at)
    }
    for (const e of mine) insertByTime(e)
    for (const [offerId, r] of ownReasons) rememberReason(offerId, r.reason, r.at)
    // The user reads about a damaged history where they read the history.
    if (journal.notice) store.record({ kind: 'error', currency: 'all', dryRun: false, message: journal.notice })
  }
  let cyclesEnded = 0

  /** Folds still open: the same line in the next cycle joins them. */
  const open = new Map<string, ActivityEvent>()
  const seenThisCycle = new Set<string>()
  const grown = new Set<ActivityEvent>()

  const isDetail = (e: ActivityEvent): boolean => ROLLED_UP[e.kind] !== undefined && !e.id.startsWith('day-')
  /**
   * No routine detail entry ended before this: kept as entries come in, so the once-a-day check is O(1)
   * per cycle instead of a pass over the whole history. It may be early (a fold that grew since ends
   * later): only then is the history scanned, which finds old detail or makes the bound exact again.
   */
  let detailEndsFrom = Infinity
  const noteDetail = (e: ActivityEvent): void => {
    if (isDetail(e) && e.until < detailEndsFrom) detailEndsFrom = e.until
  }

  /**
   * Kept in order of start time; what is recorded now goes at the end, a past payment further back. An
   * entry given its own time (`before`: a start noted when it began) goes before what shares its time.
   */
  function insertByTime(e: ActivityEvent, before = false): void {
    let i = events.length
    while (i > 0 && (events[i - 1].at > e.at || (before && events[i - 1].at === e.at))) i--
    events.splice(i, 0, e)
    noteDetail(e)
  }

  function rememberReason(offerId: number, reason: string, at: number): void {
    reasons.delete(offerId)
    reasons.set(offerId, { reason, at })
    if (reasons.size > maxReasons) reasons.delete(reasons.keys().next().value as number)
  }

  /** Routine detail older than DETAIL_MS becomes one entry per day, currency and kind. */
  function rollUpOldDetail(now: number): void {
    const cutoff = now - DETAIL_MS
    const days = new Map<string, ActivityEvent>()
    const kept: ActivityEvent[] = []
    for (const e of events) {
      const label = ROLLED_UP[e.kind]
      if (!label || e.until >= cutoff) {
        kept.push(e)
        continue
      }
      const id = `day-${Math.floor(e.at / DAY_MS)}-${e.currency}-${e.kind}-${e.dryRun ? 'dry' : 'live'}`
      const day = days.get(id)
      if (day) {
        day.count += e.count
        day.until = Math.max(day.until, e.until)
        continue
      }
      // Recreating an existing day entry from itself is exact, so a day is rolled up again safely.
      const rolled: ActivityEvent = { id, kind: e.kind, currency: e.currency, dryRun: e.dryRun, at: e.at, until: e.until, count: e.count, message: `${label}${e.dryRun ? ' (dry run)' : ''}; each one is listed for 7 days, then counted per day.` }
      days.set(id, rolled)
      kept.push(rolled)
    }
    events = kept
    byId.clear()
    detailEndsFrom = Infinity
    for (const e of events) {
      byId.set(e.id, e)
      noteDetail(e)
    }
  }

  function hasOldDetail(now: number): boolean {
    const cutoff = now - DETAIL_MS
    if (detailEndsFrom >= cutoff) return false
    let earliest = Infinity
    for (const e of events) {
      examined++
      if (!isDetail(e)) continue
      if (e.until < cutoff) return true
      earliest = Math.min(earliest, e.until)
    }
    detailEndsFrom = earliest
    return false
  }

  /**
   * Roll up old detail, drop expired and surplus entries and rewrite the file, but only when it pays:
   * when dead lines outnumber live ones, when entries exceed the bound by a tenth, or once a day for
   * what expired or aged out of detail. (Rewriting whenever a single entry expires would be a full
   * rewrite every cycle at steady state.)
   */
  let lastCompactedAt = -Infinity
  function compactIfDue(): void {
    if (!loaded) {
      if (cyclesEnded < 2) return
      load()
    }
    const now = clock.now()
    const cutoff = now - ACTIVITY_RETENTION_MS
    const surplus = events.length > maxEvents + Math.ceil(maxEvents / 10)
    const dead = journal.lineCount > 2 * (events.length + reasons.size) + 1000
    const daily = now - lastCompactedAt >= DAY_MS && events.length > 0 && (events[0].until < cutoff || hasOldDetail(now))
    if (!surplus && !dead && !daily) return
    examined += events.length
    rollUpOldDetail(now)
    let drop = Math.max(0, events.length - maxEvents)
    while (drop < events.length && events[drop].until < cutoff) drop++
    for (const e of events.slice(0, drop)) byId.delete(e.id)
    events = events.slice(drop)
    const all: ActivityRecord[] = [
      ...events.map((e) => ({ t: 'e' as const, e })),
      ...[...reasons].map(([offerId, r]) => ({ t: 'r' as const, offerId, ...r }))
    ]
    journal.rewrite(all)
    examined += all.length
    grown.clear()
    lastCompactedAt = now
  }

  function persist(): void {
    for (const e of grown) journal.append({ t: 'f', id: e.id, count: e.count, until: e.until })
    grown.clear()
    try {
      journal.flush()
      compactIfDue()
    } catch (err) {
      // History is a convenience: a full disk must not stop the loop. Memory keeps it for this run.
      logger.log('error', 'Could not save the activity history', { path: journal.path, error: err })
    }
  }

  const store: ActivityStore = {
    get notice() {
      load()
      return journal.notice
    },
    get entriesExamined() {
      return examined
    },
    record(input) {
      const at = input.at ?? clock.now()
      const key = foldKey(input)
      const folding = FOLDABLE.has(input.kind) ? open.get(key) : undefined
      if (folding) {
        folding.count++
        folding.until = Math.max(folding.until, at)
        grown.add(folding)
        seenThisCycle.add(key)
        return { ...folding }
      }
      const e: ActivityEvent = activityEventSchema.parse({ ...input, id: `${at}-${run}${seq++}`, at, until: Math.max(at, input.until ?? at), count: 1 })
      insertByTime(e, input.at !== undefined)
      byId.set(e.id, e)
      journal.append({ t: 'e', e })
      if (FOLDABLE.has(e.kind)) {
        open.set(key, e)
        seenThisCycle.add(key)
      }
      return { ...e }
    },
    endCycle() {
      // A flush with no routine line since the last one (stop right after a cycle) is not a cycle: it
      // must not close the folds, or every stop and start would break them.
      if (seenThisCycle.size > 0) for (const key of open.keys()) if (!seenThisCycle.has(key)) open.delete(key)
      seenThisCycle.clear()
      cyclesEnded++
      persist()
    },
    persist,
    query(q) {
      load()
      const currencies = q.currencies ? new Set(q.currencies) : null
      const kinds = q.kinds ? new Set(q.kinds) : null
      const out: ActivityEvent[] = []
      let more = false
      for (let i = events.length - 1; i >= 0; i--) {
        const e = events[i]
        if (q.to !== undefined && e.at > q.to) continue
        if (q.from !== undefined && e.until < q.from) continue
        if (currencies && !currencies.has(e.currency)) continue
        if (kinds && !kinds.has(e.kind)) continue
        if (out.length === q.limit) {
          more = true
          break
        }
        out.push({ ...e })
      }
      return { events: out, more, keptSince: events.length ? events[0].at : null }
    },
    setOfferReason(offerId, reason) {
      const at = clock.now()
      rememberReason(offerId, reason, at)
      journal.append({ t: 'r', offerId, reason, at })
    },
    offerReason(offerId) {
      if (!loaded) {
        const own = reasons.get(offerId)
        if (own) return own.reason
        if (seeded.has(offerId)) return seeded.get(offerId) ?? null
      }
      load()
      return reasons.get(offerId)?.reason ?? null
    },
    seedOfferReasons(known) {
      if (loaded) return
      // Only reasons the last-known account holds: a null there may still be in the history file, which
      // offerReason then reads.
      for (const [offerId, reason] of known) if (reason !== null) seeded.set(offerId, reason)
    }
  }
  return store
}
