// The yield benchmark: every strategy over every window of the shared real data, for seeds 1–5, under
// the low, central and high calibration bands, same fill model, with the hindsight bound. First the
// targets of issue 12, computed from those runs (never typed), then the runs window by window.
// Reported as measured; nothing here is tuned to these dates.
import { existsSync } from 'node:fs'
import {
  asStartingLoans,
  botTargetSummary,
  botWindows,
  countMet,
  defaultSpan,
  loadBotCredits,
  managedApr,
  loadLendingbotPolicy,
  measureForBacktest,
  recordCoverage,
  recordCoverageText,
  reportTables,
  runBacktestOnDataset,
  SHORT_RECORD_COVERAGE,
  targetCells,
  TARGET_OF_BOUND,
  TARGET_OVER_BEST_BASELINE,
  type BacktestCalibration,
  type BotWindow,
  type LendingbotPolicy,
  type RecordCoverage,
  type Table,
  type TargetCell
} from '../src/main/backtest'
import { createReplayFeed, dataSpans, loadCurrencyDataset, type CurrencyDataset, type DataSpan, type StartingLoan } from '../src/main/exchange/simulated'
import { loadBotRealizedWindows } from '../src/main/exchange/simulated/calibration'
import { CALIBRATION_BANDS } from '../src/shared/calibration'
import type { BacktestReport } from '../src/shared/contract'
import { BITFINEX_LENDER_FEE } from '../src/shared/domain'
import { iso, mdTable, pct, SHARED_DATA } from './common'
import type { BenchSection } from './sections'

const CAPITAL = 10_000
/** Issue 12: seeds 1–5 and every window reported, never a chosen one. */
const SEEDS = [1, 2, 3, 4, 5]
/** Issue 11: a 42-day, all-strategies, three-band run must finish in under 30 s on 2 cores. */
const SPEED_TARGET_S = 30
const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

interface Window {
  /** Short name for the targets table. */
  name: string
  label: string
  from: number
  to: number
  /** FRR published at or before the window's end: auto-renew can be priced (else it is no baseline). */
  frrPriced: boolean
  /** A realized window of the real bot's record, cut to the data. */
  bot?: BotWindow
}

interface Run {
  window: Window
  /** From an empty account, or starting with the loans the real bot held before the window. */
  start: 'from empty' | 'inherited'
  seed: number
  report: BacktestReport
  secs: number
}

const md = (t: Table) => `**${t.title}**\n\n${mdTable(t.head, t.rows)}`
const ratio = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)}×`)
const verdictMark = (met: boolean | null) => (met === null ? 'n/a' : met ? 'met' : 'missed')

async function timedRun(
  ds: CurrencyDataset,
  window: Window,
  seed: number,
  opts: { capital: number; calibration: BacktestCalibration; botPolicy: LendingbotPolicy | null; strategies?: string[]; startingLoans?: StartingLoan[] }
): Promise<Run> {
  const started = Date.now()
  const report = await runBacktestOnDataset(ds, { capital: opts.capital, from: window.from, to: window.to, stepMinutes: 10, seed, calibration: opts.calibration, botPolicy: opts.botPolicy, strategies: opts.strategies, startingLoans: opts.startingLoans })
  return { window, start: opts.startingLoans?.length ? 'inherited' : 'from empty', seed, report, secs: (Date.now() - started) / 1000 }
}

/** The data's longest span (the default window): the part of the bot's record that can be replayed is cut to it. */
function mainSpan(spans: DataSpan[]): DataSpan {
  const main = defaultSpan(spans)
  if (!main) throw new Error('the shared data folder has no fUSD book, candle or trade data to replay.')
  return main
}

/** Every window the data holds: the longest span, its parts with more data, every window of the real bot's record, the other spans. */
function windowsOf(ds: CurrencyDataset, bots: BotWindow[]): Window[] {
  const spans = dataSpans(ds)
  const main = mainSpan(spans)
  const feed = createReplayFeed(ds)
  const out: Omit<Window, 'frrPriced'>[] = [{ name: 'whole span', label: 'whole main span (FRR unknown until it is first published)', from: main.from, to: main.to }]
  const firstCandle = ds.candles1h[0]?.mts
  const lastBook = ds.books[ds.books.length - 1]?.mts
  if (firstCandle && lastBook && firstCandle < lastBook) out.push({ name: 'books + candles', label: 'books and hourly candles (the validated part)', from: firstCandle, to: lastBook })
  if (firstCandle && firstCandle > main.from) out.push({ name: 'candles + FRR', label: 'hourly candles and FRR recorded', from: firstCandle, to: main.to })
  for (const b of bots)
    out.push({ name: `bot's ${b.realized.days} days`, label: `the real bot's record (its ${b.realized.days} days to ${iso(b.realized.to)} UTC, cut to the data)`, from: b.from, to: b.to, bot: b })
  for (const s of spans) if (s !== main) out.push({ name: `span ${iso(s.from).slice(0, 10)}`, label: `separate span (${s.kinds.join(', ')})`, from: s.from, to: s.to })
  return out.map((w) => ({ ...w, frrPriced: feed.frrAtSync(w.to) !== null }))
}

/**
 * Which data a window has, in days: books only (the fill model reads stand-in candles there, validated on the
 * bot's fills: docs/backtest.md "Validation against the real bot"), books and hourly candles (validated), candles and FRR without
 * books (not validated: no book to check the fills against), and nothing (hours without a candle after the books end).
 */
function coverageOf(ds: CurrencyDataset, w: { from: number; to: number }): { text: string; dataDays: number } {
  const firstBook = ds.books[0]?.mts ?? Infinity
  const lastBook = ds.books[ds.books.length - 1]?.mts ?? -Infinity
  const overlap = (a: number, b: number) => Math.max(0, Math.min(b, w.to) - Math.max(a, w.from)) / DAY_MS
  const candleDays = (inBooks: boolean) =>
    ds.candles1h.reduce((d, c) => ((c.mts >= firstBook && c.mts < lastBook) === inBooks ? d + overlap(c.mts, c.mts + HOUR_MS) : d), 0)
  const both = candleDays(true)
  const booksOnly = overlap(firstBook, lastBook) - both
  const candlesOnly = candleDays(false)
  const none = (w.to - w.from) / DAY_MS - both - booksOnly - candlesOnly
  const parts = [
    [booksOnly, 'books only, stand-in candles (validated)'],
    [both, 'books and hourly candles (validated)'],
    [candlesOnly, 'hourly candles and FRR, no books (not validated)'],
    [none, 'no data (missing candle hours)']
  ] as const
  return { text: parts.flatMap(([d, what]) => (d >= 0.05 ? [`${d.toFixed(1)} d ${what}`] : [])).join(', '), dataDays: both + booksOnly + candlesOnly }
}

/** How much of a record window the replay sees, judged by the one rule of targets.ts (SHORT_RECORD_COVERAGE). */
function coverageOfRecord(ds: CurrencyDataset, w: Window): RecordCoverage {
  return recordCoverage({ replayedDays: (w.to - w.from) / DAY_MS, dataDays: coverageOf(ds, w).dataDays, recordDays: w.bot!.realized.days })
}

function targetsTable(runs: Run[]): { table: Table; cells: { run: Run; cell: TargetCell }[] } {
  const cells = runs.flatMap((run) => targetCells(run.report, { frrPriced: run.window.frrPriced }).map((cell) => ({ run, cell })))
  return {
    cells,
    table: {
      title: `Targets per window, seed and band: IBRR ≥ ${TARGET_OVER_BEST_BASELINE}× the best of mika, undercut, ladder and frr, and ≥ ${TARGET_OF_BOUND}× the hindsight bound (net APR after fee, capital ${CAPITAL} USD)`,
      head: ['window', 'seed', 'band', 'IBRR', 'best baseline', `IBRR / best (≥ ${TARGET_OVER_BEST_BASELINE}×)`, 'bound', `IBRR / bound (≥ ${TARGET_OF_BOUND}×)`],
      rows: cells.map(({ run, cell: c }) => [
        run.window.name,
        String(run.seed),
        c.band,
        pct(c.ibrr),
        `${c.best ? `${c.best.name} ${pct(c.best.netApr)}` : 'none could run'}${run.window.frrPriced ? '' : ' (frr n/a: no FRR published)'}`,
        c.metBest === null ? 'n/a' : `${ratio(c.overBest)} ${verdictMark(c.metBest)}`,
        c.bound === null ? 'n/a' : pct(c.bound),
        `${ratio(c.ofBound)} ${verdictMark(c.metBound)}`
      ])
    }
  }
}

function countLine(label: string, cells: TargetCell[]): string {
  const best = countMet(cells, 'metBest')
  const bound = countMet(cells, 'metBound')
  const bestText = best.of ? `in ${best.met} of ${best.of} cells` : 'not judged (no baseline could run in any cell)'
  return `${label}: ≥ ${TARGET_OVER_BEST_BASELINE}× the best baseline ${bestText}; ≥ ${TARGET_OF_BOUND}× the bound in ${bound.met} of ${bound.of} cells.`
}

/** "low–high" as formatted, one value when both read the same. */
function range(xs: number[], f: (x: number) => string): string {
  if (!xs.length) return 'n/a'
  const [lo, hi] = [f(Math.min(...xs)), f(Math.max(...xs))]
  return lo === hi ? lo : `${lo}–${hi}`
}
const p2 = (x: number) => (x * 100).toFixed(2)
const netAprOf = (r: Run, band: (typeof CALIBRATION_BANDS)[number], name: string) => r.report.bands?.[band]?.strategies[name]?.netApr
const STRATEGY_LABEL: Record<string, string> = { ibrr: 'IBRR', lendingbot: "the bot's policy, replayed" }

/**
 * IBRR and the real bot's own policy replayed (lendingbot) on one of the bot's windows, from an empty account
 * (at our capital where the all-strategies runs cover the window, and at the bot's), and starting with the loans
 * the bot held before that window at the bot's capital; every seed and band, against what the bot realized
 * over it; and the sentences that compare them.
 */
function botTable(bot: BotWindow, runs: Run[]): { table: Table; lines: string[] } {
  const { realized } = bot
  const groups = [...new Map(runs.map((r) => [`${r.report.capital}/${r.start}`, { capital: r.report.capital, start: r.start }])).values()]
  const rows: string[][] = []
  for (const g of groups)
    for (const name of ['ibrr', 'lendingbot'])
      for (const band of CALIBRATION_BANDS) {
        const aprs = SEEDS.map((seed) => runs.find((r) => r.report.capital === g.capital && r.start === g.start && r.seed === seed)).map((r) => (r ? netAprOf(r, band, name) : undefined))
        if (aprs.every((a) => a === undefined)) continue
        rows.push([g.capital.toFixed(0), g.start, STRATEGY_LABEL[name], band, ...aprs.map((a) => (a === undefined ? 'n/a' : pct(a)))])
      }
  const summaryOf = (start: Run['start']) => botTargetSummary(runs.filter((r) => r.start === start).map((r) => r.report), realized.netApr)
  const compare = (start: Run['start'], label: string) => {
    const t = summaryOf(start)
    return `${label}: IBRR ${range(t.ibrr, p2)} %, ≥ the bot's realized ${pct(realized.netApr)} in ${t.met} of ${t.of} runs; the bot's policy, replayed, ${range(t.policy, p2)} %; IBRR ${range(t.overPolicy, (x) => x.toFixed(2))}× the replayed policy.`
  }
  const lines = [compare('from empty', 'From an empty account (not like for like: the realized APR includes loans held before the window)')]
  const inherited = bot.runs?.credits ?? []
  if (inherited.length && bot.share && bot.realizedInheritance) {
    const { share } = bot
    const c = bot.realizedInheritance.credits
    const placedByBot = c.filter((x) => x.managed).length
    const managed = managedApr(realized.netApr, share)
    const inheritedRuns = runs.filter((r) => r.start === 'inherited')
    // What the same loans earned on the replay, per run and strategy: the same in every one (the loans are given, not drawn).
    const replayed = inheritedRuns.flatMap((r) =>
      CALIBRATION_BANDS.flatMap((b) => Object.values(r.report.bands?.[b]?.strategies ?? {}).flatMap((x) => (x.startingEarnings === undefined ? [] : [(x.startingEarnings / r.report.capital / ((r.report.to - r.report.from) / DAY_MS)) * 365])))
    )
    const central = (name: string) => inheritedRuns.flatMap((r) => netAprOf(r, 'central', name) ?? [])
    const inheritedAmount = inherited.reduce((sum, k) => sum + k.amount, 0)
    // The managed part of a run by the same formula as the bot's: (net APR − the inherited loans' part) / (1 − their share).
    const managedOnReplay = (name: string) =>
      inheritedRuns.flatMap((r) =>
        CALIBRATION_BANDS.flatMap((b) => {
          const x = r.report.bands?.[b]?.strategies[name]
          if (!x || x.startingEarnings === undefined) return []
          const years = (r.report.to - r.report.from) / DAY_MS / 365
          return [(x.earnings - x.startingEarnings) / (r.report.capital - inheritedAmount) / years]
        })
      )
    const policyAll = summaryOf('inherited').policy
    lines.push(
      `Inherited loans (${bot.realizedInheritance.source}: opened before this window's start ${iso(realized.from)} UTC, still active at its snapshot ${iso(bot.realizedInheritance.snapshot)} UTC, after the window's end): ${c.length} credits (periods ${[...new Set(c.map((x) => x.period))].join(', ')} d) of ${share.amount.toFixed(2)} USD, ${pct(share.share)} of its ${realized.averagePrincipal.toFixed(0)} USD average principal, at ${share.rate.toFixed(8)}/day amount-weighted (${pct(share.rate * 365)} APR before the 15 % fee, ${pct(share.rate * 365 * (1 - BITFINEX_LENDER_FEE))} after). ${placedByBot ? `${placedByBot} of them the bot placed itself (managed 1) before this window began: they are what it held then, so they start the runs like the others` : 'None of them was placed by the bot itself (managed 0)'}. Lent through the whole window, they alone contribute **${p2(share.contribution)} points** of its ${pct(realized.netApr)}. A lower bound: credits active at the window's start and closed before the snapshot are not listed in the record.`,
      managed === null
        ? 'The inherited credits are the whole principal: nothing was left for the bot to manage.'
        : `The part the bot managed itself realized at most (${p2(realized.netApr)} − ${p2(share.contribution)}) / (1 − ${share.share.toFixed(3)}) = **${pct(managed)}** net: an upper bound, as long as the unlisted inherited credits earned more than that (the listed ones earned ${pct(share.rate * 365 * (1 - BITFINEX_LENDER_FEE))}).`,
      `On the replay the same loans earn ${range(replayed, p2)} points in each of the ${replayed.length} inherited strategy runs (the same in every run, strategy, band and seed: their life is the record's, not drawn).`,
      `Fidelity of the simulator on the yield level — the bot's own policy, replayed with the loans it held: ${range(policyAll, p2)} % (central band ${range(central('lendingbot'), p2)} %) against the ${pct(realized.netApr)} it realized.`,
      compare('inherited', `**Target (like for like, at ${realized.averagePrincipal.toFixed(0)} USD with the inherited loans)**`) + ` Central band: IBRR ${range(central('ibrr'), p2)} %.`,
      `The money the strategies managed beside the inherited loans earned on the replay: the bot's policy ${range(managedOnReplay('lendingbot'), p2)} %, IBRR ${range(managedOnReplay('ibrr'), p2)} % (net, on the capital left to manage), against at most ${managed === null ? 'n/a' : pct(managed)} that the bot's managed part realized.`
    )
  } else lines.push(bot.runs?.none ?? "No record of the bot's individual active credits (lendingbot/*.json key active_credits): the runs with its inherited loans were not made.")
  return {
    table: {
      title: `Net APR after fee on the real bot's ${realized.days} days, by capital (USD), start, strategy, band and seed; the bot realized ${pct(realized.netApr)}`,
      head: ['capital', 'start', 'strategy', 'band', ...SEEDS.map((s) => `seed ${s}`)],
      rows
    },
    lines
  }
}

/** The rule that says which windows of the bot's record are short, stated once under the targets list. */
function shortRuleLine(): string {
  return `A window of the bot's record is short when the days with market data in it are under ${(SHORT_RECORD_COVERAGE * 100).toFixed(0)} % of the record's days: its realized APR R averages over all of them, R = f·R_in + (1 − f)·R_out, and the target reads R as the APR over the replayed days R_in, off by (1 − f)·(R_out − R_in), which the replay cannot see. From ${(SHORT_RECORD_COVERAGE * 100).toFixed(0)} % on the unseen days carry at most ${((1 - SHORT_RECORD_COVERAGE) * 100).toFixed(0)} % of R; below it the comparison is weak. The threshold is a stated convention, not fitted (src/main/backtest/targets.ts SHORT_RECORD_COVERAGE); the days are given, so another can be applied.`
}

/** The like-for-like bot target of one window, for the targets list. */
function botTargetLine(w: Window, coverage: RecordCoverage, runs: Run[]): string {
  const bot = w.bot!
  const inherited = runs.filter((r) => r.start === 'inherited')
  const judged = inherited.length ? inherited : runs.filter((r) => r.report.capital === bot.realized.averagePrincipal)
  const t = botTargetSummary(judged.map((r) => r.report), bot.realized.netApr)
  return `${w.name}: ${recordCoverageText(coverage)}. IBRR ≥ the bot's realized ${pct(bot.realized.netApr)} in ${t.met} of ${t.of} runs ${inherited.length ? 'with the loans it held at the window\'s start' : 'from an empty account (no inherited loans known)'}, at ${bot.realized.averagePrincipal.toFixed(0)} USD (IBRR ${range(t.ibrr, p2)} %, the replayed policy ${range(t.policy, p2)} %).`
}

/** The replayed policy's lent capital-time by loan period (its own note, central band), per capital, start and seed. */
function botMixLines(runs: Run[]): string[] {
  return runs.flatMap((r) => r.report.notes.filter((n) => n.startsWith('lendingbot: lent capital-time')).map((n) => `- ${r.report.capital.toFixed(0)} USD ${r.start}, seed ${r.seed}: ${n.replace('lendingbot: lent capital-time by loan period: ', '')}`))
}

/** Net APR of every strategy, seeds as columns (central band), with the range over every seed and band. */
function seedsTable(runs: Run[]): Table {
  const names = Object.keys(runs[0].report.strategies)
  return {
    title: 'Net APR after fee: central band per seed, and the range over every seed and band',
    head: ['strategy', ...runs.map((r) => `seed ${r.seed}`), 'range (all seeds, bands)'],
    rows: names.map((name) => {
      const all = runs.flatMap((r) => CALIBRATION_BANDS.flatMap((b) => r.report.bands?.[b]?.strategies[name]?.netApr ?? []))
      return [name, ...runs.map((r) => pct(r.report.strategies[name]?.netApr ?? NaN)), `${pct(Math.min(...all))} – ${pct(Math.max(...all))}`]
    })
  }
}

/** Why a strategy placed nothing in a window, from the data it holds. */
function idleNote(ds: CurrencyDataset, w: Window, r: BacktestReport): string | null {
  const idle = Object.entries(r.strategies)
    .filter(([name, s]) => name !== 'bound' && s.placed === 0)
    .map(([name]) => name)
  if (!idle.length) return null
  const inWindow = (xs: { mts: number }[]) => xs.some((x) => x.mts >= w.from && x.mts <= w.to)
  const why =
    !inWindow(ds.books) && !inWindow(ds.candles1h)
      ? ': they price from the ask book or the last hourly candle, and this window has neither (only trades and minute candles), so their 0.00 % means "could not run", not a result'
      : ''
  return `${idle.join(', ')} placed no offer in this window${why}.`
}

export const backtestSection: BenchSection = {
  title: 'Backtest on ../shared/data/bitfinex (fUSD)',
  async run() {
    if (!existsSync(SHARED_DATA)) return `Skipped: the shared data folder is absent (${SHARED_DATA}).`
    const ds = await loadCurrencyDataset(SHARED_DATA, 'USD')
    const calibration: BacktestCalibration = await measureForBacktest(SHARED_DATA, ds)
    const botPolicy = await loadLendingbotPolicy(SHARED_DATA)
    const realized = await loadBotRealizedWindows(SHARED_DATA)
    const main = mainSpan(dataSpans(ds))
    const bots = botWindows(realized, realized.length ? await loadBotCredits(SHARED_DATA) : null, main)
    const windows = windowsOf(ds, bots)

    const runs: Run[] = []
    for (const w of windows) for (const seed of SEEDS) runs.push(await timedRun(ds, w, seed, { capital: CAPITAL, calibration, botPolicy }))
    // Each of the bot's windows again at its own average capital (IBRR and the bot's policy: the capital order
    // is what is compared), from empty and starting with the loans the bot held before THAT window (its
    // realized APR includes their interest, so only those runs are like for like).
    const botWindowList = windows.filter((w) => w.bot)
    const botRuns = new Map<Window, Run[]>()
    for (const w of botWindowList) {
      const bot = w.bot!
      const own = runs.filter((r) => r.window === w)
      const pair = { capital: bot.realized.averagePrincipal, calibration, botPolicy, strategies: ['ibrr', 'lendingbot'] }
      for (const seed of SEEDS) own.push(await timedRun(ds, w, seed, pair))
      const inherited = bot.runs?.credits ?? []
      if (inherited.length) for (const seed of SEEDS) own.push(await timedRun(ds, w, seed, { ...pair, startingLoans: asStartingLoans(inherited) }))
      botRuns.set(w, own)
    }

    const { table, cells } = targetsTable(runs)
    const parts: string[] = [
      `Capital ${CAPITAL} USD, step 10 min, seeds ${SEEDS.join(', ')}, every strategy on the same window and fill model, under the low / central / high calibration bands (docs/backtest.md; \`npm run calibrate\` above gives the parameters). Every window the data holds is reported, for every seed. Nothing is tuned to these dates.`,
      'frr-optimistic is a sensitivity (every FRR offer filled at once), not a baseline. bound is the hindsight upper bound (capital-time relaxation over every demand slice), oracle a hindsight heuristic. Where no FRR was published up to a window\'s end, auto-renew cannot be priced: frr is no baseline there.',
      '### Targets (issue 12), computed from the runs below',
      [
        countLine('All windows', cells.map((c) => c.cell)),
        ...windows.map((w) => countLine(w.name, cells.filter((c) => c.run.window === w).map((c) => c.cell))),
        ...botWindowList.map((w) => botTargetLine(w, coverageOfRecord(ds, w), botRuns.get(w)!))
      ]
        .map((l) => `- ${l}`)
        .join('\n'),
      ...(botWindowList.length ? [shortRuleLine()] : []),
      md(table)
    ]
    if (botWindowList.length) {
      parts.push(
        "### IBRR and the bot's own policy against the real bot's realized APR",
        `Every realized window of the bot's record that overlaps our data (${realized.map((r) => `${r.days} days`).join(', ')} in the record; ${botWindowList.length} overlap), each against the APR the bot realized over it (its ledger's funding income, i.e. after the fee Bitfinex kept), read from the record. Each is cut to our data (it ends ${iso(main.to)} UTC). The runs: at ${CAPITAL} USD (the all-strategies runs above) and at the bot's average capital over that window from an empty account, and at the bot's capital starting with the loans it held at that window's start ("inherited": credits of its record opened before the window's start and still active at its snapshot; they earn at the same fee and stay lent through the window; the strategies manage the rest). Validated: the fill model on books and hourly candles, and on books-only days with their stand-in candles (docs/backtest.md, "Validation against the real bot"); the days with candles and FRR but no books are not validated.`
      )
      for (const w of botWindowList) {
        const bot = w.bot!
        const { realized: r } = bot
        const own = botRuns.get(w)!
        const t = botTable(bot, own)
        const atBotCapital = own.filter((x) => x.report.capital === r.averagePrincipal)
        parts.push(
          `#### The bot's ${r.days} days: ${iso(r.from)} → ${iso(r.to)} UTC, realized ${pct(r.netApr)}`,
          `The bot realized ${pct(r.netApr)} net at ${pct(r.utilization)} utilization on ${r.averagePrincipal.toFixed(0)} USD on average (read from ${r.source}). Replayed ${iso(w.from)} → ${iso(w.to)} UTC: ${recordCoverageText(coverageOfRecord(ds, w))}. Data in it: ${coverageOf(ds, w).text}. The ${atBotCapital.length} runs at the bot's capital took ${atBotCapital.reduce((t, x) => t + x.secs, 0).toFixed(1)} s.`,
          md(t.table),
          t.lines.map((l) => `- ${l}`).join('\n'),
          ...(botPolicy
            ? [
                `"the bot's policy, replayed" is the \`lendingbot\` strategy: the ${botPolicy.source}, every parameter read from it, on the same fill model, capital, fee and bands (docs/backtest.md, "lendingbot"). Its lent capital-time by loan period (the inherited runs count the inherited loans in it):`,
                botMixLines(own).join('\n')
              ]
            : ["No policy in the bot's record: its policy was not replayed."])
        )
      }
    }

    const mainNotes = runs[0].report.notes
    for (const w of windows) {
      const ws = runs.filter((r) => r.window === w)
      const first = ws[0].report
      const days = (first.to - first.from) / DAY_MS
      const speed = w === windows[0] ? ` Speed: ${days.toFixed(0)} days × ${Object.keys(first.strategies).length} strategies × ${Object.keys(first.bands ?? {}).length} bands in ${ws[0].secs.toFixed(1)} s (target < ${SPEED_TARGET_S} s on 2 cores: ${ws[0].secs < SPEED_TARGET_S ? 'met' : 'MISSED'}).` : ''
      const ownNotes = w === windows[0] ? [] : first.notes.filter((n) => !mainNotes.includes(n))
      const idle = idleNote(ds, w, first)
      parts.push(
        `### ${w.label}: ${iso(first.from)} → ${iso(first.to)} UTC (${days.toFixed(1)} days; runs ${ws.map((r) => `${r.secs.toFixed(1)} s`).join(', ')})`,
        md(seedsTable(ws)),
        md({ ...reportTables(first)[0], title: 'Central calibration band, seed 1' }),
        ws.map((r) => `- seed ${r.seed}: ${r.report.verdict ?? 'No verdict (IBRR or a baseline missing).'}`).join('\n') + speed,
        ...(ownNotes.length || idle ? [['Notes of this window (seed 1) beyond the whole span\'s:', ...[...ownNotes, ...(idle ? [idle] : [])].map((n) => `- ${n}`)].join('\n')] : [])
      )
    }
    parts.push('### Assumptions (notes of the whole-span run, seed 1)', mainNotes.map((n) => `- ${n}`).join('\n'))
    return parts.join('\n\n')
  }
}
