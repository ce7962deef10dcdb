// The sentences a report carries about what its numbers assume. Kept next to the fill model's rules
// (docs/backtest.md explains them at length) so the report and the documentation cannot drift apart.
import { FUSD_CALIBRATION, type MarketCalibration, type Ranged } from '../../shared/calibration'
import { CANDLE_DEMAND_PERIOD, DAY_MS, HOUR_MS } from '../exchange/simulated/replayFillRules'
import type { CurrencyDataset, DataSpan } from '../exchange/simulated'

const pct = (x: number) => `${(x * 100).toFixed(1)} %`
const range = (r: Ranged, f: (x: number) => string) => `${f(r.low)} / ${f(r.central)} / ${f(r.high)}`

/** The fill model's rules with the calibrated numbers they use (low / central / high). */
export function fillModelNotes(cal: MarketCalibration): string[] {
  const cv = cal.candleVolume ?? FUSD_CALIBRATION.candleVolume
  const lives = cal.loanLife.map((l) => `${l.period} d: mean ${range(l.meanDays, (x) => x.toFixed(2))} d`).join('; ')
  return [
    'Fill model (same for every strategy, run under the low, central and high calibration bands): an offer fills against book bids with rate ≥ its rate and period ≤ its period, at placement only against a book at most one step old, then at every new snapshot; recorded books are often crossed, so asks already cheaper than ours and long enough for the bid are served first; what our offers took of a bid stays taken in later snapshots until the level grows again. Fills are at the offer\'s own rate.',
    'Traded volume strictly above an offer\'s rate, after it was placed, fills it (our cheaper offers first); volume exactly at its rate first consumes the book depth that was ahead of it at that rate.',
    `Volume fills only offers whose period is at least the demand's period; hourly candles (a30:p2:p30) carry no period and count as ${CANDLE_DEMAND_PERIOD}-day demand.`,
    `Inside a candle, ${cv ? range(cv.upperWickShare, pct) : '0 %'} (low / central / high) of the volume trades above the body (max(open, close)) where there is an upper wick, ${cv ? range(cv.lowerWickShare, pct) : '0 %'} below it, the rest evenly over the body; an hourly candle's activity is spread evenly over its hour; the finest source covering a moment is used (trades, then minute candles, then hourly candles).`,
    `Loan life: borrowers repay early; a loan's life is drawn from the calibrated life table of its period (real bot's closed and still-open loans, censored life table): ${lives}; the same draw for every strategy meeting the same demand.`,
    `FRR offers join the FRR queue (ticker FRR_AMOUNT_AVAILABLE, else ${range(cal.frrQueue.typicalQueue, (x) => `${(x / 1e6).toFixed(0)} M`)}) and fill at FRR once an outflow of ${range(cal.frrQueue.drainPerHour, (x) => `${(x / 1e6).toFixed(2)} M`)} per hour has taken what was ahead; frr-optimistic (every FRR offer fills at once) is a sensitivity, not the common model. Before the first published FRR, FRR is unknown: FRR offers wait.`,
    'Interest accrues per second at the loan rate minus Bitfinex\'s 15 % fee (hidden-offer fees ignored), at least one hour per loan, paid to the funding wallet at 00:00 UTC and re-lendable; loans open at the end count interest accrued until then.',
    'netApr = net earnings / starting capital / days × 365 (simple, after fee). utilization = lent capital-time / wallet capital-time. avgRate = interest before fee per lent capital-time (daily; includes the one-hour minimum charge).'
  ]
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ')

export function dataNotes(ds: CurrencyDataset, span: DataSpan, allSpans: DataSpan[]): string[] {
  const notes = [...ds.notes]
  const days = (span.to - span.from) / DAY_MS
  notes.push(`Replayed ${ds.symbol} ${iso(span.from)} → ${iso(span.to)} UTC (${days.toFixed(1)} days), the same window for every strategy.`)
  const others = allSpans.filter((s) => s.to < span.from || s.from > span.to)
  if (others.length)
    notes.push(`Other data spans in the folder, not in this run: ${others.map((s) => `${iso(s.from)} → ${iso(s.to)} (${s.kinds.join(', ')})`).join('; ')}.`)
  const inSpan = <T extends { mts: number }>(xs: T[]) => xs.filter((x) => x.mts >= span.from && x.mts <= span.to)
  const books = inSpan(ds.books)
  if (books.length) {
    const first = books[0].mts
    const last = books[books.length - 1].mts
    if (first - span.from > 2 * HOUR_MS || span.to - last > 2 * HOUR_MS)
      notes.push(`Book snapshots cover only ${iso(first)} → ${iso(last)}; outside that, only traded volume fills offers and long-period bids are invisible.`)
  }
  const candles = inSpan(ds.candles1h)
  if (candles.length) {
    const first = candles[0].mts
    const last = candles[candles.length - 1].mts
    let missing = 0
    for (let i = 1; i < candles.length; i++) missing += Math.max(0, Math.round((candles[i].mts - candles[i - 1].mts) / HOUR_MS) - 1)
    notes.push(`Hourly candles cover ${iso(first)} → ${iso(last + HOUR_MS)}${missing ? ` with ${missing} hours missing (no volume replayed in them)` : ''}; before/after that no candle volume exists.`)
  }
  const firstFrr = Math.min(ds.stats[0]?.mts ?? Infinity, ds.tickers[0]?.mts ?? Infinity)
  if (firstFrr > span.to)
    notes.push(`FRR is never published in this window${Number.isFinite(firstFrr) ? ` (first published ${iso(firstFrr)})` : ''}: FRR offers cannot be priced and wait the whole window, and strategies that read FRR see 0 (unknown).`)
  else if (firstFrr > span.from)
    notes.push(`FRR is unknown before ${iso(firstFrr)} (${((firstFrr - span.from) / DAY_MS).toFixed(1)} days of this window): nothing published it yet, so FRR offers wait and strategies that read FRR see 0 (unknown). Between recorded FRR points the last known FRR holds.`)
  return notes
}
