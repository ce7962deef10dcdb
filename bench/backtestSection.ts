// The yield benchmark: every strategy over every window of the shared real data, for seeds 1–5, under
// the low, central and high calibration bands, same fill model, with the hindsight bound. First the
// targets of issue 12, computed from those runs (never typed), then the runs window by window.
// Reported as measured; nothing here is tuned to these dates.
import { existsSync } from 'node:fs'
import {
  asStartingLoans,
  botTargetCells,
  countMet,
  defaultSpan,
  inheritedCredits,
  inheritedShare,
  loadBotCredits,
  managedApr,
  loadLendingbotPolicy,
  measureForBacktest,
  reportTables,
  runBacktestOnDataset,
  targetCells,
  TARGET_OF_BOUND,
  TARGET_OVER_BEST_BASELINE,
  type BacktestCalibration,
  type Inheritance,
  type InheritedShare,
  type LendingbotPolicy,
  type Table,
  type TargetCell
} from '../src/main/backtest'
import { createReplayFeed, dataSpans, loadCurrencyDataset, type CurrencyDataset, type StartingLoan } from '../src/main/exchange/simulated'
import { loadBotRealized, type BotRealized } from '../src/main/exchange/simulated/calibration'
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

interface Window {
  /** Short name for the targets table. */
  name: string
  label: string
  from: number
  to: number
  /** FRR published at or before the window's end: auto-renew can be priced (else it is no baseline). */
  frrPriced: boolean
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

/** Every window the data holds: the longest span, its parts with more data, the real bot's record, the other spans. */
function windowsOf(ds: CurrencyDataset, realized: BotRealized | null): Window[] {
  const spans = dataSpans(ds)
  const main = defaultSpan(spans)
  if (!main) throw new Error('the shared data folder has no fUSD book, candle or trade data to replay.')
  const feed = createReplayFeed(ds)
  const out: Omit<Window, 'frrPriced'>[] = [{ name: 'whole span', label: 'whole main span (FRR unknown until it is first published)', from: main.from, to: main.to }]
  const firstCandle = ds.candles1h[0]?.mts
  const lastBook = ds.books[ds.books.length - 1]?.mts
  if (firstCandle && lastBook && firstCandle < lastBook) out.push({ name: 'books + candles', label: 'books and hourly candles (the validated part)', from: firstCandle, to: lastBook })
  if (firstCandle && firstCandle > main.from) out.push({ name: 'candles + FRR', label: 'hourly candles and FRR recorded', from: firstCandle, to: main.to })
  if (realized && realized.from < main.to && realized.to > main.from)
    out.push({ name: "bot's record", label: `the real bot's record (its 30 days to ${iso(realized.to)} UTC, cut to the data)`, from: Math.max(main.from, realized.from), to: Math.min(main.to, realized.to) })
  for (const s of spans) if (s !== main) out.push({ name: `span ${iso(s.from).slice(0, 10)}`, label: `separate span (${s.kinds.join(', ')})`, from: s.from, to: s.to })
  return out.map((w) => ({ ...w, frrPriced: feed.frrAtSync(w.to) !== null }))
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

/** The record's inherited credits and what they add to the bot's realized APR (never typed: read from its record). */
interface BotInheritance {
  /** Selected on the replayed window: the runs start with these. */
  runs: Inheritance
  /** Selected on the bot's realized window, against its average principal. */
  realized: Inheritance
  share: InheritedShare
}

/**
 * IBRR and the real bot's own policy replayed (lendingbot) on the bot's window, from an empty account at
 * our capital and at the bot's, and starting with the loans the bot held before the window at the bot's
 * capital; every seed and band, against what the bot realized; and the sentences that compare them.
 */
function botTable(realized: BotRealized, runs: Run[], inheritance: BotInheritance | null): { table: Table; lines: string[] } {
  const groups = [...new Map(runs.map((r) => [`${r.report.capital}/${r.start}`, { capital: r.report.capital, start: r.start }])).values()]
  const rows: string[][] = []
  for (const g of groups)
    for (const name of ['ibrr', 'lendingbot'])
      for (const band of CALIBRATION_BANDS) {
        const aprs = SEEDS.map((seed) => runs.find((r) => r.report.capital === g.capital && r.start === g.start && r.seed === seed)).map((r) => (r ? netAprOf(r, band, name) : undefined))
        if (aprs.every((a) => a === undefined)) continue
        rows.push([g.capital.toFixed(0), g.start, STRATEGY_LABEL[name], band, ...aprs.map((a) => (a === undefined ? 'n/a' : pct(a)))])
      }
  const cellsOf = (start: Run['start']) => runs.filter((r) => r.start === start).flatMap((r) => botTargetCells(r.report, realized.netApr))
  const compare = (start: Run['start'], label: string) => {
    const cells = cellsOf(start)
    const policy = cells.flatMap((c) => (c.policy === null ? [] : [c.policy]))
    const ratios = cells.flatMap((c) => (c.policy !== null && c.policy > 0 ? [c.ibrr / c.policy] : []))
    return `${label}: IBRR ${range(cells.map((c) => c.ibrr), p2)} %, ≥ the bot's realized ${pct(realized.netApr)} in ${cells.filter((c) => c.met).length} of ${cells.length} runs; the bot's policy, replayed, ${range(policy, p2)} %; IBRR ${range(ratios, (x) => x.toFixed(2))}× the replayed policy.`
  }
  const lines = [compare('from empty', 'From an empty account (not like for like: the realized APR includes loans held before the window)')]
  if (inheritance && inheritance.runs.credits.length) {
    const { share } = inheritance
    const c = inheritance.realized.credits
    const managed = managedApr(realized.netApr, share)
    const inheritedRuns = runs.filter((r) => r.start === 'inherited')
    // What the same loans earned on the replay, per run and strategy: the same in every one (the loans are given, not drawn).
    const replayed = inheritedRuns.flatMap((r) =>
      CALIBRATION_BANDS.flatMap((b) => Object.values(r.report.bands?.[b]?.strategies ?? {}).flatMap((x) => (x.startingEarnings === undefined ? [] : [(x.startingEarnings / r.report.capital / ((r.report.to - r.report.from) / DAY_MS)) * 365])))
    )
    const central = (name: string) => inheritedRuns.flatMap((r) => netAprOf(r, 'central', name) ?? [])
    // The managed part of a run by the same formula as the bot's: (net APR − the inherited loans' part) / (1 − their share).
    const managedOnReplay = (name: string) =>
      inheritedRuns.flatMap((r) =>
        CALIBRATION_BANDS.flatMap((b) => {
          const x = r.report.bands?.[b]?.strategies[name]
          if (!x || x.startingEarnings === undefined) return []
          const years = (r.report.to - r.report.from) / DAY_MS / 365
          return [(x.earnings - x.startingEarnings) / (r.report.capital - inheritance.runs.credits.reduce((sum, k) => sum + k.amount, 0)) / years]
        })
      )
    const policyAll = cellsOf('inherited').flatMap((x) => (x.policy === null ? [] : [x.policy]))
    lines.push(
      `Inherited loans (${inheritance.realized.source}: opened before the window's start, still active at its snapshot ${iso(inheritance.realized.snapshot)} UTC, after the window's end): ${c.length} credits (${c.filter((x) => x.managed).length} of them placed by the bot itself; periods ${[...new Set(c.map((x) => x.period))].join(', ')} d) of ${share.amount.toFixed(2)} USD, ${pct(share.share)} of its ${realized.averagePrincipal.toFixed(0)} USD average principal, at ${share.rate.toFixed(8)}/day amount-weighted (${pct(share.rate * 365)} APR before the 15 % fee, ${pct(share.rate * 365 * (1 - BITFINEX_LENDER_FEE))} after). Lent through the whole window, they alone contribute **${p2(share.contribution)} points** of its ${pct(realized.netApr)}. A lower bound: credits active at the window's start and closed before the snapshot are not listed in the record.`,
      managed === null
        ? 'The inherited credits are the whole principal: nothing was left for the bot to manage.'
        : `The part the bot managed itself realized at most (${p2(realized.netApr)} − ${p2(share.contribution)}) / (1 − ${share.share.toFixed(3)}) = **${pct(managed)}** net: an upper bound, as long as the unlisted inherited credits earned more than that (the listed ones earned ${pct(share.rate * 365 * (1 - BITFINEX_LENDER_FEE))}).`,
      `On the replay the same loans earn ${range(replayed, p2)} points in each of the ${replayed.length} inherited strategy runs (the same in every run, strategy, band and seed: their life is the record's, not drawn).`,
      `Fidelity of the simulator on the yield level — the bot's own policy, replayed with the loans it held: ${range(policyAll, p2)} % (central band ${range(central('lendingbot'), p2)} %) against the ${pct(realized.netApr)} it realized.`,
      compare('inherited', `**Target (like for like, at ${realized.averagePrincipal.toFixed(0)} USD with the inherited loans)**`) + ` Central band: IBRR ${range(central('ibrr'), p2)} %.`,
      `The money the strategies managed beside the inherited loans earned on the replay: the bot's policy ${range(managedOnReplay('lendingbot'), p2)} %, IBRR ${range(managedOnReplay('ibrr'), p2)} % (net, on the capital left to manage), against at most ${managed === null ? 'n/a' : pct(managed)} that the bot's managed part realized.`
    )
  } else lines.push(inheritance?.runs.none ?? "No record of the bot's individual active credits (lendingbot/*.json key active_credits): the runs with its inherited loans were not made.")
  return {
    table: {
      title: `Net APR after fee on the real bot's window, by capital (USD), start, strategy, band and seed; the bot realized ${pct(realized.netApr)}`,
      head: ['capital', 'start', 'strategy', 'band', ...SEEDS.map((s) => `seed ${s}`)],
      rows
    },
    lines
  }
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
    const realized = await loadBotRealized(SHARED_DATA)
    const botPolicy = await loadLendingbotPolicy(SHARED_DATA)
    const windows = windowsOf(ds, realized)

    const runs: Run[] = []
    for (const w of windows) for (const seed of SEEDS) runs.push(await timedRun(ds, w, seed, { capital: CAPITAL, calibration, botPolicy }))
    const botWindow = windows.find((w) => w.name === "bot's record")
    const botRuns = botWindow ? runs.filter((r) => r.window === botWindow) : []
    // The same window at the bot's own capital (IBRR and the bot's policy: the capital order is what is
    // compared), from empty and starting with the loans the bot held before the window (its realized APR
    // includes their interest, so only those runs are like for like).
    const credits = realized && botWindow ? await loadBotCredits(SHARED_DATA) : null
    const inheritance: BotInheritance | null =
      realized && botWindow && credits
        ? (() => {
            const atRealized = inheritedCredits(credits, realized)
            return { runs: inheritedCredits(credits, botWindow), realized: atRealized, share: inheritedShare(atRealized.credits, realized.averagePrincipal) }
          })()
        : null
    if (realized && botWindow) {
      const pair = { capital: realized.averagePrincipal, calibration, botPolicy, strategies: ['ibrr', 'lendingbot'] }
      for (const seed of SEEDS) botRuns.push(await timedRun(ds, botWindow, seed, pair))
      if (inheritance?.runs.credits.length) for (const seed of SEEDS) botRuns.push(await timedRun(ds, botWindow, seed, { ...pair, startingLoans: asStartingLoans(inheritance.runs.credits) }))
    }

    const { table, cells } = targetsTable(runs)
    const parts: string[] = [
      `Capital ${CAPITAL} USD, step 10 min, seeds ${SEEDS.join(', ')}, every strategy on the same window and fill model, under the low / central / high calibration bands (docs/backtest.md; \`npm run calibrate\` above gives the parameters). Every window the data holds is reported, for every seed. Nothing is tuned to these dates.`,
      'frr-optimistic is a sensitivity (every FRR offer filled at once), not a baseline. bound is the hindsight upper bound (capital-time relaxation over every demand slice), oracle a hindsight heuristic. Where no FRR was published up to a window\'s end, auto-renew cannot be priced: frr is no baseline there.',
      '### Targets (issue 12), computed from the runs below',
      [countLine('All windows', cells.map((c) => c.cell)), ...windows.map((w) => countLine(w.name, cells.filter((c) => c.run.window === w).map((c) => c.cell)))].map((l) => `- ${l}`).join('\n'),
      md(table)
    ]
    if (realized && botWindow) {
      const bot = botTable(realized, botRuns, inheritance)
      parts.push(
        "### IBRR and the bot's own policy against the real bot's realized APR",
        `The bot realized ${pct(realized.netApr)} net (its ledger's funding income, i.e. after the fee Bitfinex kept) at ${pct(realized.utilization)} utilization on ${realized.averagePrincipal.toFixed(0)} USD on average, ${iso(realized.from)} → ${iso(realized.to)} UTC (read from ${realized.source}). Our data ends ${iso(botWindow.to)}, so the runs cover ${iso(botWindow.from)} → ${iso(botWindow.to)} (${((botWindow.to - botWindow.from) / DAY_MS).toFixed(1)} of its 30 days); net after Bitfinex's 15 % fee, at ${CAPITAL} USD and at the bot's capital from an empty account, and at the bot's capital starting with the loans it held before the window ("inherited": they earn at the same fee and stay lent through the window, as its record shows; the strategies manage the rest).`,
        md(bot.table),
        bot.lines.map((l) => `- ${l}`).join('\n'),
        ...(botPolicy
          ? [
              `"the bot's policy, replayed" is the \`lendingbot\` strategy: the ${botPolicy.source}, every parameter read from it, on the same fill model, capital, fee and bands (docs/backtest.md, "lendingbot"). Its lent capital-time by loan period (the inherited runs count the inherited loans in it):`,
              botMixLines(botRuns).join('\n')
            ]
          : ['No policy in the bot\'s record: its policy was not replayed.'])
      )
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
