// Bitfinex v2 wire arrays for the test exchange's state (docs/bitfinex.md, Arrays). Placeholders are null;
// lengths match what Bitfinex documents so the adapter is tested against realistic shapes.
import type { FundingTicker } from '../../src/shared/domain'
import type { LedgerEntry, LoanState, OfferState, OwnTrade } from './accounts'

export const errorBody = (code: number, text: string) => ['error', code, text]

export function tickerArray(t: FundingTicker): unknown[] {
  return [
    t.frr, t.bid, t.bidPeriod, t.bidSize, t.ask, t.askPeriod, t.askSize, t.dailyChange, t.dailyChangePerc,
    t.lastPrice, t.volume, t.high, t.low, null, null, t.frrAmountAvailable
  ]
}

/** A trading-pair ticker around `price`: a 0.02 % spread, last trade at the price. */
export function tradingTickerArray(price: number): unknown[] {
  return [price * 0.9998, 12.5, price * 1.0002, 9.75, price * 0.01, 0.01, price, 1234.5, price * 1.02, price * 0.97]
}

/**
 * Funding offer array (rest-auth-funding-offers): [0] ID ... [6] TYPE, [9] FLAGS, [10] STATUS, [14] RATE, [15] PERIOD,
 * [16] NOTIFY, [17] HIDDEN, [19] RENEW; [20] the effective rate of an FRR offer, as bfx-api-node-models'
 * funding_offer.js maps it (rateReal) and its tests show (FRRDELTAVAR with RATE 0).
 */
export function offerArray(o: OfferState, frrDaily: number): unknown[] {
  const rateReal = o.type === 'LIMIT' ? null : frrDaily + o.rate
  return [
    o.id, o.symbol, o.createdAt, o.updatedAt, o.amount, o.amountOrig, o.type, null, null, o.flags, o.status,
    null, null, null, o.rate, o.period, 0, o.hidden ? 1 : 0, null, 0, rateReal
  ]
}

/**
 * Credit/loan arrays (rest-auth-funding-credits / -loans). A loan from an FRR offer is sent as the real exchange
 * was seen sending it (issue #15's report; the ws-auth-funding-credits example has RATE 0 and the RATE_REAL slot
 * at [19]): [8] null, [11] RATE 0, the real rate only at [19].
 */
export function loanArray(l: LoanState): unknown[] {
  const frr = l.rateType === 'VAR'
  const row: unknown[] = [
    l.id, l.symbol, 1, l.createdAt, l.updatedAt, l.amount, 0, 'ACTIVE', frr ? null : 'FIXED', null, null, frr ? 0 : l.rate, l.period,
    l.openedAt, l.lastPayoutAt, 0, 0, null, 0, l.rate, 0
  ]
  if (l.kind === 'credit') row.push('tBTCUSD')
  return row
}

export const ledgerArray = (e: LedgerEntry) => [e.id, e.currency, 'funding', e.mts, null, e.amount, e.balance, null, e.description]

export const ownTradeArray = (t: OwnTrade) => [t.id, t.symbol, t.mts, t.offerId, t.amount, t.rate, t.period]

export function notificationArray(now: number, type: string, data: unknown, status: 'SUCCESS' | 'ERROR', text: string, code: number | null = null) {
  return [now, type, null, null, data, code, status, text]
}
