// A real lending bot's own records (data README: lendingbot-fills.csv and lendingbot/*.json): its
// loans' closure times and still-open loans (for the loan-life table) and its fills with how long each
// offer waited (for validation). Optional inputs: a folder without them calibrates loan lives to the
// shipped values and skips the validation, and says so.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { firstIssueSentence } from '../../../../shared/zodIssue'
import { parseCsv } from '../../csv'
import { DatasetError } from '../dataset'

const numeric = z.union([z.number(), z.string().trim().min(1).transform(Number)]).pipe(z.number())

/** closed_holding of the yield review: per loan period, the closed loans' count, median and share under a day. */
const closedGroupSchema = z.object({
  count: z.number().int().nonnegative(),
  median_hours: z.number().nonnegative(),
  weighted_days: z.number().nonnegative(),
  under_one_day: z.number().int().nonnegative()
})

const activeCreditSchema = z.object({
  period: z.number().int(),
  amount: numeric,
  mts_opening: z.number(),
  last_seen_ms: z.number()
})

const yieldReviewSchema = z.object({
  closed_holding: z.record(z.string(), closedGroupSchema),
  active_credits: z.array(activeCreditSchema)
})

export interface ClosedLoans {
  period: number
  count: number
  medianDays: number
  /** Amount-weighted mean life of the closed loans (days). */
  weightedMeanDays: number
  underOneDay: number
}

/** A loan still open when the bot's records were taken: it has lived at least `ageDays` (right-censored). */
export interface OpenLoan {
  period: number
  amount: number
  ageDays: number
}

export interface LoanRecords {
  file: string
  closed: ClosedLoans[]
  open: OpenLoan[]
}

const DAY_MS = 86_400_000

/** The first lendingbot/*.json (by name) that `schema` accepts, with its file name; null when none does. */
export async function firstBotJson<T>(dataDir: string, schema: z.ZodType<T>): Promise<{ file: string; data: T } | null> {
  const dir = path.join(dataDir, 'lendingbot')
  let names: string[]
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()
  } catch {
    return null
  }
  for (const n of names) {
    let json: unknown
    try {
      json = JSON.parse(await readFile(path.join(dir, n), 'utf8'))
    } catch {
      continue
    }
    const parsed = schema.safeParse(json)
    if (parsed.success) return { file: `lendingbot/${n}`, data: parsed.data }
  }
  return null
}

/** The first lendingbot/*.json with closed-loan groups and individual open loans, or null. */
export async function loadLoanRecords(dataDir: string): Promise<LoanRecords | null> {
  const found = await firstBotJson(dataDir, yieldReviewSchema)
  if (!found) return null
  return {
    file: found.file,
    closed: Object.entries(found.data.closed_holding).map(([p, g]) => ({
      period: Number(p),
      count: g.count,
      medianDays: g.median_hours / 24,
      weightedMeanDays: g.weighted_days,
      underOneDay: g.under_one_day
    })),
    open: found.data.active_credits.map((c) => ({ period: c.period, amount: c.amount, ageDays: Math.max(0, (c.last_seen_ms - c.mts_opening) / DAY_MS) }))
  }
}

/**
 * The lending analysis's realized windows: per window length in days, the bot's cash income from its
 * funding ledger (category 28, i.e. after the fee Bitfinex kept) as a simple APR on its average principal.
 */
const realizedSchema = z.object({
  snapshot_bjt: z.iso.datetime({ offset: true }),
  windows: z.record(
    z.string(),
    z.object({ cash_net_apr_percent: z.number(), average_principal: z.number().positive(), utilization_percent: z.number().min(0).max(100) })
  )
})

/** What the real bot earned over the `days` before its snapshot, read from its own record. */
export interface BotRealized {
  /** File and field the APR was read from, to cite. */
  source: string
  /** The window's length, the record's key (7, 14, 30). */
  days: number
  from: number
  to: number
  /** Net of Bitfinex's fee, simple, as a fraction (0.0868 = 8.68 %). */
  netApr: number
  averagePrincipal: number
  utilization: number
}

/** Every realized window of the record (keys in whole days), longest first: each is reported, never a chosen one. */
export async function loadBotRealizedWindows(dataDir: string): Promise<BotRealized[]> {
  const found = await firstBotJson(dataDir, realizedSchema)
  if (!found) return []
  const to = Date.parse(found.data.snapshot_bjt)
  return Object.entries(found.data.windows)
    .flatMap(([key, w]) => (/^[1-9]\d*$/.test(key) ? [{ key, days: Number(key), w }] : []))
    .sort((a, b) => b.days - a.days)
    .map(({ key, days, w }) => ({
      source: `${found.file} windows["${key}"].cash_net_apr_percent`,
      days,
      from: to - days * DAY_MS,
      to,
      netApr: w.cash_net_apr_percent / 100,
      averagePrincipal: w.average_principal,
      utilization: w.utilization_percent / 100
    }))
}

export async function loadBotRealized(dataDir: string, days = 30): Promise<BotRealized | null> {
  return (await loadBotRealizedWindows(dataDir)).find((w) => w.days === days) ?? null
}

const optionalNumber = z
  .string()
  .trim()
  .transform((v) => (v === '' ? null : Number(v)))
  .pipe(z.number().nonnegative().nullable())

const fillRowSchema = z.object({
  mts: z.string().transform(Number).pipe(z.number()),
  amount: z.string().transform(Number).pipe(z.number()),
  rate: z.string().transform(Number).pipe(z.number().positive()),
  period: z.string().transform(Number).pipe(z.number().int().min(2).max(120)),
  wait_minutes: optionalNumber,
  latest_offer_wait_minutes: optionalNumber
})

export interface BotFill {
  mts: number
  amount: number
  rate: number
  period: number
  /** From the first offer of its reprice chain; null before the bot recorded waits. */
  waitMinutes: number | null
  /** From the last reprice, i.e. how long an offer at exactly this rate waited. */
  latestWaitMinutes: number | null
}

export async function loadBotFills(dataDir: string): Promise<BotFill[] | null> {
  let text: string
  try {
    text = await readFile(path.join(dataDir, 'lendingbot-fills.csv'), 'utf8')
  } catch {
    return null
  }
  const table = parseCsv(text)
  return table.rows.map((row) => {
    const r = fillRowSchema.safeParse(row.values)
    if (!r.success) throw new DatasetError(`lendingbot-fills.csv:${row.line}: ${firstIssueSentence(r.error, { fallback: 'invalid row', pathLabel: 'column' })}`)
    const d = r.data
    return { mts: d.mts, amount: Math.abs(d.amount), rate: d.rate, period: d.period, waitMinutes: d.wait_minutes, latestWaitMinutes: d.latest_offer_wait_minutes }
  })
}
