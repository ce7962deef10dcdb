// `npm run calibrate`'s engine: measures every calibrated parameter on a data folder, falling back to
// the shipped values (src/shared/calibration.ts) for what the folder cannot measure, and says which.
import { FUSD_CALIBRATION, type MarketCalibration } from '../../../../shared/calibration'
import type { CurrencyDataset } from '../dataset'
import { fitCandleVolume, type CandleVolumeFit } from './candleVolume'
import { fitFillWaits, type FillWaitFit } from './fillWait'
import { fitFrrQueue, type FrrQueueFit } from './frrQueue'
import { loadBotFills, loadLoanRecords, type BotFill } from './lendingbot'
import { fitNextBorrower, type NextBorrowerFit } from './nextBorrower'
import { fitImputedCandles, type ImputedCandlesFit } from './imputedCandles'
import { candleTemplates } from '../imputedCandles'
import { fitLoanLives, type LoanLifeFit } from './loanLife'
import { fitQueueShare, queueObservations, type QueueShareFit } from './queueShare'
import { DEFAULT_MAX_BOOK_AGE_MS } from '../replayFeed'

export interface CalibrationMeasurement {
  calibration: MarketCalibration
  candleVolume: CandleVolumeFit | null
  /** The wait for the next borrower, from the minute candles (IBRR's minimum wait; the simulator does not use it). */
  nextBorrower: NextBorrowerFit | null
  /** The range of the stand-in candles of books-only hours, from the hours with books and candles (the simulator's only). */
  imputedCandles: ImputedCandlesFit | null
  loanLife: LoanLifeFit[]
  loanRecordsFile: string | null
  frrQueue: FrrQueueFit | null
  /** The real bot's own fills (fUSD only; null without lendingbot-fills.csv): the validation replays them. */
  botFills: BotFill[] | null
  /** Median wait until a fill per period, with its range, from those fills: the evidence for IBRR's wait prior. */
  fillWait: FillWaitFit[]
  /** How much of the visible cheaper ask depth is really ahead of a new offer, fitted on those fills, with its held-out check. */
  queueShare: QueueShareFit | null
  /** What was assumed because the folder lacks it. */
  notes: string[]
}

export async function measureCalibration(dataDir: string, ds: CurrencyDataset): Promise<CalibrationMeasurement> {
  const notes: string[] = []
  const candleVolume = fitCandleVolume(ds.trades, ds.candles1m)
  if (!candleVolume) notes.push(`${ds.symbol}: no trades or minute candles: the candle volume shape is the shipped fUSD one.`)
  const nextBorrower = fitNextBorrower(ds.candles1m)
  if (!nextBorrower) notes.push(`${ds.symbol}: too few minute candles: the wait for the next borrower is the shipped fUSD one.`)
  const imputedCandles = fitImputedCandles(candleTemplates(ds, DEFAULT_MAX_BOOK_AGE_MS))
  if (!imputedCandles) notes.push(`${ds.symbol}: too few hours with both a book and an hourly candle: books-only hours get no stand-in candles, so only book bids fill offers there.`)
  // The bot's records are of fUSD loans: they say nothing about other currencies' borrowers.
  const records = ds.currency === 'USD' ? await loadLoanRecords(dataDir) : null
  const loanLife = records ? fitLoanLives(records) : []
  if (!records) notes.push(`No lendingbot/*.json with closed and open ${ds.currency} loans: loan lives are the shipped fUSD ones.`)
  const botFills = ds.currency === 'USD' ? await loadBotFills(dataDir) : null
  const lastBook = ds.books[ds.books.length - 1]
  const queueShare = botFills && lastBook ? fitQueueShare(await queueObservations(botFills, ds, lastBook.mts)) : null
  if (!queueShare) notes.push(`${ds.symbol}: no bot fills with a recorded wait on the recorded books and candles: the share of the ask queue ahead is the shipped fUSD one.`)
  const frrQueue = fitFrrQueue(ds.tickers)
  if (!frrQueue) notes.push(`${ds.symbol}: no ticker series (FRR_AMOUNT_AVAILABLE): the FRR queue is the shipped fUSD one.`)
  const calibration: MarketCalibration = {
    currency: ds.currency,
    loanLife: loanLife.length
      ? loanLife.map(({ period, meanDays, medianDays, observations, hazard }) => ({ period, meanDays, medianDays, observations, hazard }))
      : FUSD_CALIBRATION.loanLife,
    frrQueue: frrQueue?.calibration ?? FUSD_CALIBRATION.frrQueue,
    queueAheadShare: queueShare?.share ?? FUSD_CALIBRATION.queueAheadShare,
    candleVolume: candleVolume?.calibration ?? FUSD_CALIBRATION.candleVolume,
    nextBorrowerMinutes: nextBorrower?.minutes ?? FUSD_CALIBRATION.nextBorrowerMinutes,
    imputedCandles: imputedCandles ? { volumeScale: imputedCandles.volumeScale, upperReachScale: imputedCandles.upperReachScale } : undefined
  }
  return { calibration, candleVolume, nextBorrower, imputedCandles, loanLife, loanRecordsFile: records?.file ?? null, frrQueue, botFills, fillWait: botFills ? fitFillWaits(botFills) : [], queueShare, notes }
}

export { fitCandleVolume, fitFillWaits, fitFrrQueue, fitLoanLives, fitNextBorrower }
export type { NextBorrowerFit } from './nextBorrower'
export { fitImputedCandles, type ImputedCandlesFit } from './imputedCandles'
export { firstBotJson, loadBotFills, loadBotRealized, loadBotRealizedWindows, type BotFill, type BotRealized } from './lendingbot'
export type { FillWaitFit } from './fillWait'
export { fitQueueShare, modelWaitMinutes, queueObservations, type QueueObservation, type QueueShareFit } from './queueShare'
export type { LoanLifeFit } from './loanLife'
