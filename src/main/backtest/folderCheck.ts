// Before a person runs a backtest on a folder: which of the files the replay needs are there, the time
// they cover, and one sentence naming what is missing. The replay (exchange/simulated/dataset.ts) needs,
// per currency, traded demand to fill offers (the order book's bids, or traded volume from candles or
// trades) and the FRR (ticker or funding stats) to price Bitfinex auto-renew, the baseline every verdict
// compares with; a real bot's fills are optional and only validate the simulator (fUSD).
import { backtestDataFiles, type BacktestFolderCheck } from '../../shared/contract'
import { fundingSymbol, type Currency } from '../../shared/domain'
import { dataSpans, DatasetError, loadCurrencyDataset, type CurrencyDataset } from '../exchange/simulated'
import { loadBotFills } from '../exchange/simulated/calibration'
import { defaultSpan } from './run'

type Found = BacktestFolderCheck['found'][number]
type Span = { from: number; to: number }

const HOUR = 3_600_000

/** The first and last moment of a series, or null when it is empty. */
function coverage(points: number[]): Span | null {
  if (points.length === 0) return null
  return { from: Math.min(...points), to: Math.max(...points) }
}

function groups(ds: CurrencyDataset) {
  const mts = <T extends { mts: number }>(xs: T[]) => xs.map((x) => x.mts)
  return {
    book: { label: 'Order book snapshots', files: ds.files.book, span: coverage(mts(ds.books)) },
    volume: {
      label: 'Traded volume (candles, trades)',
      files: [...ds.files.candles1h, ...ds.files.candles1m, ...ds.files.trades],
      span: coverage([...mts(ds.candles1h), ...ds.candles1h.map((c) => c.mts + HOUR), ...mts(ds.candles1m), ...mts(ds.trades)])
    },
    frr: { label: 'FRR (ticker, funding stats)', files: [...ds.files.ticker, ...ds.files.stats], span: coverage([...mts(ds.tickers), ...mts(ds.stats)]) }
  }
}

const list = (parts: string[]) => (parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`)

function notReady(dataDir: string, currency: Currency, missing: string): BacktestFolderCheck {
  return { dataDir, currency, ready: false, missing, found: [], span: null, complete: null }
}

/** What `dataDir` holds for `currency`. Never throws for the folder's content: problems become `missing`. */
export async function checkBacktestFolder(dataDir: string, currency: Currency): Promise<BacktestFolderCheck> {
  const symbol = fundingSymbol(currency)
  const needed = backtestDataFiles(currency)
  let ds: CurrencyDataset
  let fills: Awaited<ReturnType<typeof loadBotFills>> = null
  try {
    ds = await loadCurrencyDataset(dataDir, currency)
    if (currency === 'USD') fills = await loadBotFills(dataDir)
  } catch (err) {
    if (!(err instanceof DatasetError)) throw err
    // Not found, not a folder, or a bad row (with its file and line): the loader's own sentence says it.
    if (!err.message.startsWith('No ')) return notReady(dataDir, currency, err.message)
    const { book, volume, frr } = needed
    return notReady(dataDir, currency, `This folder has no ${symbol} market data: a backtest needs ${book.files} or ${volume.files}, and ${frr.files}.`)
  }
  const g = groups(ds)
  const absent = (Object.keys(g) as (keyof typeof g)[]).filter((k) => g[k].files.length === 0 || g[k].span === null)
  const ready = !absent.includes('frr') && !(absent.includes('book') && absent.includes('volume'))
  const parts = absent.map((k) => `no ${needed[k].what} (${needed[k].files})`)
  const missing =
    absent.length === 0
      ? null
      : ready
        ? `This folder has ${list(parts)} for ${symbol}: the backtest runs without it, with less demand to replay.`
        : `This folder has ${list(parts)} for ${symbol}: a backtest needs the FRR and the order book or traded volume.`
  const found: Found[] = Object.values(g)
    .filter((x) => x.files.length > 0)
    .map((x) => ({ what: x.label, files: x.files, from: x.span?.from ?? null, to: x.span?.to ?? null }))
  const fillSpan = fills ? coverage(fills.map((f) => f.mts)) : null
  if (fills) found.push({ what: "A real lending bot's fills (to check the simulator)", files: ['lendingbot-fills.csv'], from: fillSpan?.from ?? null, to: fillSpan?.to ?? null })

  const span = defaultSpan(dataSpans(ds))
  const window = span && { from: span.from, to: span.to }
  const parts3 = [g.book.span, g.volume.span, g.frr.span]
  const complete =
    window && parts3.every((p): p is Span => p !== null)
      ? { from: Math.max(window.from, ...parts3.map((p) => p.from)), to: Math.min(window.to, ...parts3.map((p) => p.to)) }
      : null
  return { dataDir, currency, ready: ready && window !== null, missing, found, span: window, complete: complete && complete.to > complete.from ? complete : null }
}
