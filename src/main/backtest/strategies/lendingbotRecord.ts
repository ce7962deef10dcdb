// The real bot's loans inherited by a replayed window: the credits of its record
// (../shared/data/bitfinex/lendingbot/yield-review-…json, key `active_credits`, one row per credit with
// its amount, daily rate, period and opening time, all ACTIVE at the record's snapshot) that were opened
// before the window and still lent at the snapshot, so through the whole window. The bot's realized APR
// over its window includes their interest; a replay that starts from an empty account does not. Read and
// checked with zod, so the inherited runs start with exactly the loans the record lists, never typed in.
//
// A lower bound: the record lists the credits active at its snapshot only, so credits that were active
// at the window's start and closed before the snapshot are not known.
import { z } from 'zod'
import { BITFINEX_LENDER_FEE } from '../../../shared/domain'
import { firstBotJson } from '../../exchange/simulated/calibration'
import type { BotRealized } from '../../exchange/simulated/calibration'
import type { StartingLoan } from '../../exchange/simulated'
import { decimal, parseBotRecord } from './lendingbotPolicy'

const DAY_MS = 86_400_000

const creditSchema = z.object({
  amount: decimal.pipe(z.number().positive()),
  /** Daily, as Bitfinex sends it. */
  rate: decimal.pipe(z.number().positive().lt(0.07)),
  period: z.number().int().min(2).max(120),
  rate_type: z.enum(['FIXED', 'VAR']),
  status: z.string(),
  /** 1: placed by the bot; 0: placed on the account by other means (the record's "EXTERNAL"). */
  managed: z.union([z.literal(0), z.literal(1)]),
  mts_opening: z.number().int().positive()
})

const recordSchema = z.object({ snapshot_bjt: z.iso.datetime({ offset: true }), active_credits: z.array(creditSchema) })

/** One credit of the record, active at its snapshot. */
export interface RecordCredit {
  amount: number
  /** Daily rate. */
  rate: number
  period: number
  openedAt: number
  /** Placed by the bot itself (managed 1), not by other means on its account. */
  managed: boolean
}

export interface BotCredits {
  /** File and key read, to cite. */
  source: string
  /** When the record was taken: every credit in it was active then. */
  snapshot: number
  credits: RecordCredit[]
  /** Credits at a variable (FRR) rate: their rate over a past window is unknown, so they are never inherited. */
  variable: number
}

/** The record's active credits (the parsed JSON), or an error sentence naming the field. */
export function parseBotCredits(json: unknown, source: string): BotCredits {
  const record = parseBotRecord(recordSchema, json, source, "the bot's active credits")
  const active = record.active_credits.filter((c) => c.status === 'ACTIVE')
  return {
    source,
    snapshot: Date.parse(record.snapshot_bjt),
    credits: active.filter((c) => c.rate_type === 'FIXED').map((c) => ({ amount: c.amount, rate: c.rate, period: c.period, openedAt: c.mts_opening, managed: c.managed === 1 })),
    variable: active.filter((c) => c.rate_type === 'VAR').length
  }
}

/** The first lendingbot/*.json listing individual active credits (with their opening time); null when there is none. */
export async function loadBotCredits(dataDir: string): Promise<BotCredits | null> {
  const found = await firstBotJson(dataDir, z.object({ snapshot_bjt: z.unknown(), active_credits: z.array(z.looseObject({ mts_opening: z.unknown() })) }))
  return found ? parseBotCredits(found.data, `${found.file} active_credits`) : null
}

export interface Inheritance {
  source: string
  snapshot: number
  /** Opened before the window's start and still active at the snapshot, at or after its end. */
  credits: RecordCredit[]
  /** Why no credit could be inherited, when none is. */
  none: string | null
}

const utcMinute = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`

/**
 * The credits a window inherits: opened before its start and active at the snapshot. Only a snapshot at or
 * after the window's end proves they stayed lent through the window; an earlier one inherits nothing.
 */
export function inheritedCredits(record: BotCredits, window: { from: number; to: number }): Inheritance {
  const base = { source: record.source, snapshot: record.snapshot }
  if (record.snapshot < window.to)
    return { ...base, credits: [], none: `${record.source}: its snapshot (${utcMinute(record.snapshot)}) is before the window's end, so it cannot tell which credits stayed lent through the window.` }
  const credits = record.credits.filter((c) => c.openedAt < window.from)
  return { ...base, credits, none: credits.length ? null : `${record.source}: no fixed-rate credit active at its snapshot was opened before ${utcMinute(window.from)}.` }
}

/**
 * The inherited credits as the simulated exchange's starting loans. The record shows them lent at its
 * snapshot, after the window's end, so within the window their life is known; past the snapshot it is
 * not, and their term end stands in (it cannot matter to a run that ends before the snapshot).
 */
export const asStartingLoans = (credits: RecordCredit[]): StartingLoan[] =>
  credits.map((c) => ({ amount: c.amount, rate: c.rate, period: c.period, openedAt: c.openedAt, endsAt: c.openedAt + c.period * DAY_MS }))

export interface InheritedShare {
  amount: number
  /** Amount-weighted daily rate. */
  rate: number
  /** amount / the bot's average principal. */
  share: number
  /** Their net APR (after the fee) as a part of the bot's realized APR on its average principal. */
  contribution: number
}

/** What inherited credits, lent through the whole realized window, add to the bot's realized APR on `principal`. */
export function inheritedShare(credits: RecordCredit[], principal: number, fee = BITFINEX_LENDER_FEE): InheritedShare {
  const amount = credits.reduce((s, c) => s + c.amount, 0)
  const perDay = credits.reduce((s, c) => s + c.amount * c.rate, 0)
  return { amount, rate: amount > 0 ? perDay / amount : 0, share: amount / principal, contribution: (perDay * 365 * (1 - fee)) / principal }
}

/**
 * The realized APR of the money the bot managed itself: (realized − inherited contribution) / (1 − inherited
 * share). An upper bound while the unlisted inherited credits (closed before the snapshot) earned more
 * than this, as the listed ones do; null when nothing is left to manage.
 */
export function managedApr(realizedNetApr: number, inherited: InheritedShare): number | null {
  return inherited.share < 1 ? (realizedNetApr - inherited.contribution) / (1 - inherited.share) : null
}

/** One realized window of the bot's record, as replayed: cut to the data, with the loans it held at its start. */
export interface BotWindow {
  realized: BotRealized
  /** The realized window cut to the data: what the runs replay. */
  from: number
  to: number
  /** Selected on the replayed window: the runs start with these (null: no record of individual credits). */
  runs: Inheritance | null
  /** Selected on the realized window: what its realized APR includes, as a part of its average principal. */
  realizedInheritance: Inheritance | null
  share: InheritedShare | null
}

/**
 * Every realized window of the record that overlaps the data (longest first, as the record lists them:
 * each is reported, never a chosen one), each with the credits active at the snapshot that were opened
 * before THAT window's start. A shorter window starts later, so it inherits more, the bot's own
 * placements (managed) among them: they are what it held when that window began.
 */
export function botWindows(realized: BotRealized[], record: BotCredits | null, data: { from: number; to: number }): BotWindow[] {
  return realized
    .filter((r) => r.from < data.to && r.to > data.from)
    .map((r) => {
      const cut = { from: Math.max(data.from, r.from), to: Math.min(data.to, r.to) }
      const atRealized = record && inheritedCredits(record, r)
      return {
        realized: r,
        ...cut,
        runs: record && inheritedCredits(record, cut),
        realizedInheritance: atRealized,
        share: atRealized && inheritedShare(atRealized.credits, r.averagePrincipal)
      }
    })
}
