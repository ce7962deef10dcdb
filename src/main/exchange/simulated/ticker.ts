// Builds the funding ticker a client would see from what the feed knows (book, candles, trades, FRR,
// the FRR queue). Bid/ask come from the recorded book; when it is absent they fall back to the last
// traded rate with zero size, so nobody mistakes them for depth. An unknown FRR shows as 0 (Bitfinex's
// ticker never sends 0, so a strategy can tell "unknown" apart).
import type { Candle, FundingBook, FundingTicker, FundingTrade } from '../../../shared/domain'

export function buildTicker(
  book: FundingBook | null,
  candles: Candle[],
  trades: FundingTrade[],
  frr: number | null,
  frrAmountAvailable: number,
  t: number
): FundingTicker {
  const day = candles.filter((c) => c.mts >= t - 86_400_000)
  const lastTrade = trades[trades.length - 1]
  const lastCandle = candles[candles.length - 1]
  const last = lastTrade?.rate ?? lastCandle?.close ?? 0
  const bid = book?.bids[0]
  const ask = book?.asks[0]
  const open = day[0]?.open ?? last
  return {
    frr: frr ?? 0,
    bid: bid?.rate ?? last,
    bidPeriod: bid?.period ?? 2,
    bidSize: bid?.amount ?? 0,
    ask: ask?.rate ?? last,
    askPeriod: ask?.period ?? 2,
    askSize: ask?.amount ?? 0,
    dailyChange: last - open,
    dailyChangePerc: open > 0 ? (last - open) / open : 0,
    lastPrice: last,
    volume: day.reduce((s, c) => s + c.volume, 0),
    high: day.length ? Math.max(...day.map((c) => c.high)) : last,
    low: day.length ? Math.min(...day.map((c) => c.low)) : last,
    frrAmountAvailable
  }
}
