// The sentences a report carries about what its numbers assume. Kept next to the fill model's rules
// (docs/backtest.md explains them at length) so the report and the documentation cannot drift apart.
import { CANDLE_BODY_SHARE, CANDLE_DEMAND_PERIOD, DAY_MS, HOUR_MS } from '../exchange/simulated/fillModel'
import type { CurrencyDataset, DataSpan } from '../exchange/simulated'

export const FILL_MODEL_NOTES: string[] = [
  'Fill model (same for every strategy): an offer fills at once against book bids with rate ≥ its rate and period ≤ its period; recorded books are often crossed, so asks already cheaper than ours and long enough for the bid are served first. Fills are at the offer\'s own rate.',
  'Traded volume strictly above an offer\'s rate, after it was placed, fills it (our cheaper offers first); volume exactly at its rate first consumes the book depth that was ahead of it at that rate.',
  `Volume fills only offers whose period is at least the demand's period; hourly candles (a30:p2:p30) carry no period and count as ${CANDLE_DEMAND_PERIOD}-day demand.`,
  `Inside a candle, ${CANDLE_BODY_SHARE * 100} % of the volume is spread over its body (open..close) and the rest over low..high; an hourly candle's activity is spread evenly over its hour; the finest source covering a moment is used (trades, then minute candles, then hourly candles).`,
  'Loan life: borrowers repay early at will; a loan lasts an exponential time with mean = the demand\'s period (bid or trade period; 2 days for candle volume), capped at the offer period; seeded, and the same draw for every strategy meeting the same demand.',
  'Interest accrues per second at the loan rate minus Bitfinex\'s 15 % fee (hidden-offer fees ignored), at least one hour per loan, paid to the funding wallet at 00:00 UTC and re-lendable; loans open at the end count interest accrued until then.',
  'netApr = net earnings / starting capital / days × 365 (simple, after fee). utilization = lent capital-time / wallet capital-time. avgRate = daily rate weighted by amount × time lent (before fee).'
]

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
  const stats = ds.stats
  if (stats.length && stats[0].mts > span.from)
    notes.push(`FRR is unknown before ${iso(stats[0].mts)} (${((stats[0].mts - span.from) / DAY_MS).toFixed(1)} days of this window); the first recorded FRR stands in for it. Between recorded stats days the last known FRR holds.`)
  return notes
}
