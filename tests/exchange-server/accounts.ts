// Account state of the test exchange, per API key: funding wallet balances, offers, credits/loans,
// ledger, funding trades, auto-renew. Business rules (minimum size, period range, offer cap,
// available balance) live here, apart from HTTP, so server.ts only routes and encodes. This is the
// tests' own model of Bitfinex: it deliberately shares no rules or constants with the adapter.
import type { OfferType } from '../../src/shared/domain'

export type Access = { read: boolean; write: boolean }

export interface OfferState {
  id: number
  symbol: string
  createdAt: number
  updatedAt: number
  amount: number
  amountOrig: number
  type: OfferType
  flags: number
  status: string
  /** LIMIT: the rate; FRR types: the offset from FRR. */
  rate: number
  period: number
  hidden: boolean
}

export interface LoanState {
  id: number
  kind: 'credit' | 'loan'
  symbol: string
  createdAt: number
  updatedAt: number
  amount: number
  rate: number
  rateType: 'FIXED' | 'VAR'
  period: number
  openedAt: number
  lastPayoutAt: number | null
  offerId: number
}

export interface LedgerEntry {
  id: number
  currency: string
  mts: number
  amount: number
  balance: number
  category: number
  description: string
}

export interface OwnTrade {
  id: number
  symbol: string
  mts: number
  offerId: number
  amount: number
  rate: number
  period: number
}

export interface Account {
  apiKey: string
  apiSecret: string
  scopes: Map<string, Access>
  lastNonce: number
  /** Funding wallet balance per currency (USD, UST, BTC, ETH). */
  balances: Map<string, number>
  offers: Map<number, OfferState>
  loans: Map<number, LoanState>
  ledger: LedgerEntry[]
  trades: OwnTrade[]
  autoRenew: Map<string, { period: number; rate: number; amount: number }>
}

/** Bitfinex's documented key scopes: the permissions endpoint lists them all with 0/1 flags. */
export const KNOWN_SCOPES = ['account', 'history', 'orders', 'positions', 'funding', 'settings', 'wallets', 'withdraw', 'ui_withdraw', 'bfxpay']

/** "funding:rw", "wallets:r", "withdraw:w" → scope map. */
function parseScopes(grants: string[]): Map<string, Access> {
  const map = new Map<string, Access>()
  for (const g of grants) {
    const [scope, access = 'r'] = g.split(':')
    if (!scope) continue
    map.set(scope, { read: access.includes('r'), write: access.includes('w') })
  }
  return map
}

export function newAccount(apiKey: string, apiSecret: string, grants: string[], balances: Record<string, number> = {}): Account {
  return {
    apiKey,
    apiSecret,
    scopes: parseScopes(grants),
    lastNonce: 0,
    balances: new Map(Object.entries(balances)),
    offers: new Map(),
    loans: new Map(),
    ledger: [],
    trades: [],
    autoRenew: new Map()
  }
}

export interface Rules {
  minOfferUsd: number
  maxOffers: number
  usdPrice(currency: string): number
  frrDaily(symbol: string): number
  now(): number
  nextId(): number
}

/** A business rejection: `notify` ones come back as a 200 notification with status ERROR, the rest as HTTP 500 arrays. */
export type Rejection = { code: number; text: string; notify?: boolean }

const currencyOf = (symbol: string) => symbol.replace(/^f/, '')
const round8 = (n: number) => Math.round(n * 1e8) / 1e8

export function available(acct: Account, currency: string): number {
  const symbol = `f${currency}`
  let locked = 0
  // Only lend offers (amount > 0) hold funding-wallet money; a borrow bid (amount < 0) holds none.
  for (const o of acct.offers.values()) if (o.symbol === symbol && o.amount > 0) locked += o.amount
  for (const l of acct.loans.values()) if (l.symbol === symbol) locked += l.amount
  return round8((acct.balances.get(currency) ?? 0) - locked)
}

// Rules from https://docs.bitfinex.com/reference/rest-auth-submit-funding-offer unless said otherwise:
// "amount: Amount (positive for offer, negative for bid)"; "period: ... Minimum 2 days. Maximum 120 days.";
// "The offset can be negative or positive for FRRDELTAFIX"; "The offset can only be positive for FRRDELTAVAR".
export function submitOffer(
  acct: Account,
  body: { type?: unknown; symbol?: unknown; amount?: unknown; rate?: unknown; period?: unknown; flags?: unknown },
  rules: Rules
): OfferState | Rejection {
  const type = body.type
  if (type !== 'LIMIT' && type !== 'FRRDELTAVAR' && type !== 'FRRDELTAFIX') return { code: 10020, text: 'type: invalid' }
  if (typeof body.symbol !== 'string' || !/^f[A-Z]{3,4}$/.test(body.symbol)) return { code: 10020, text: 'symbol: invalid' }
  const amount = Number(body.amount)
  const rate = Number(body.rate)
  const period = Number(body.period)
  const flags = body.flags === undefined ? 0 : Number(body.flags)
  // Amount and rate are strings on the wire (the docs' body params type them "string").
  if (typeof body.amount !== 'string' || !Number.isFinite(amount) || amount === 0) return { code: 10020, text: 'amount: invalid' }
  if (typeof body.rate !== 'string' || !Number.isFinite(rate) || (rate < 0 && type !== 'FRRDELTAFIX')) return { code: 10020, text: 'rate: invalid' }
  const currency = currencyOf(body.symbol)
  // "Invalid offer: incorrect amount, minimum is 150.0 dollar or equivalent in UST": the exchange's text as the
  // crate `bfx` (docs.rs, handle_error) records it; the Help Center's "minimum amount for a single offer of Funding is $150".
  if (Math.abs(amount) * rules.usdPrice(currency) < rules.minOfferUsd)
    return { code: 10001, text: `Invalid offer: incorrect amount, minimum is ${rules.minOfferUsd.toFixed(1)} dollar or equivalent in UST` }
  if (!Number.isInteger(period) || period < 2 || period > 120)
    return { code: 10001, text: 'Invalid offer: incorrect period, it must be between 2 and 120 days' }
  if (type === 'LIMIT' && rate <= 0) return { code: 10001, text: 'Invalid offer: incorrect rate' }
  // "FRR offset larger than 30% of FRR, aborting." (10001, crate `bfx` handle_error); the size of the offset counts.
  if (type !== 'LIMIT' && Math.abs(rate) > rules.frrDaily(body.symbol) * 0.3 && rate !== 0)
    return { code: 10001, text: 'FRR offset larger than 30% of FRR, aborting.' }
  // "Limit: too many active offers" (crate `bfx` ExceedMaxOfferCount; issue #16's report): the cap is undocumented.
  if (acct.offers.size >= rules.maxOffers) return { code: 10001, text: 'Limit: too many active offers' }
  // A bid borrows: it needs no funding balance (margin collateral is outside this model).
  // An offer above the available balance comes back as a 200 notification with STATUS "ERROR" (STATUS "SUCCESS, ERROR,
  // FAILURE, ...", rest-auth-submit-funding-offer); the text is the one bots log ("not enough balance").
  if (amount > 0 && amount > available(acct, currency) + 1e-9)
    return { code: 10001, text: 'Invalid offer: not enough balance in your funding wallet', notify: true }
  const now = rules.now()
  const offer: OfferState = {
    id: rules.nextId(),
    symbol: body.symbol,
    createdAt: now,
    updatedAt: now,
    amount: round8(amount),
    amountOrig: round8(amount),
    type,
    flags,
    status: 'ACTIVE',
    rate,
    period,
    hidden: (flags & 64) !== 0
  }
  acct.offers.set(offer.id, offer)
  return offer
}

export function cancelOffer(acct: Account, id: number, now: number): OfferState | Rejection {
  const offer = acct.offers.get(id)
  // No source gives the exact text for an unknown id: 10001 with a sentence naming the offer is this exchange's guess.
  if (!offer) return { code: 10001, text: 'Offer not found' }
  acct.offers.delete(id)
  return { ...offer, status: 'CANCELED', updatedAt: now }
}

export function cancelAll(acct: Account, currency: string | undefined): number {
  let n = 0
  for (const [id, o] of acct.offers) {
    if (currency === undefined || o.symbol === `f${currency}`) {
      acct.offers.delete(id)
      n++
    }
  }
  return n
}

/** A borrower takes `amount` (default: all) of an offer: the offer shrinks, a credit or loan appears. */
export function fillOffer(acct: Account, offerId: number, rules: Rules, amount?: number, kind: 'credit' | 'loan' = 'loan'): LoanState {
  const offer = acct.offers.get(offerId)
  if (!offer) throw new Error(`no offer ${offerId}`)
  const take = round8(Math.min(amount ?? offer.amount, offer.amount))
  if (!(take > 0)) throw new Error('fill amount must be positive')
  const now = rules.now()
  offer.amount = round8(offer.amount - take)
  offer.updatedAt = now
  if (offer.amount <= 1e-9) acct.offers.delete(offerId)
  else offer.status = `PARTIALLY FILLED at ${offer.rate}(${take})`
  const effective = offer.type === 'LIMIT' ? offer.rate : rules.frrDaily(offer.symbol) + offer.rate
  const loan: LoanState = {
    id: rules.nextId(),
    kind,
    symbol: offer.symbol,
    createdAt: now,
    updatedAt: now,
    amount: take,
    rate: round8(effective),
    rateType: offer.type === 'FRRDELTAVAR' ? 'VAR' : 'FIXED',
    period: offer.period,
    openedAt: now,
    lastPayoutAt: null,
    offerId
  }
  acct.loans.set(loan.id, loan)
  acct.trades.push({ id: rules.nextId(), symbol: offer.symbol, mts: now, offerId, amount: take, rate: loan.rate, period: loan.period })
  return loan
}

/**
 * Interest: "amount*(rate/100)*(seconds/86400))*0.85" with the UI rate in percent, i.e. minus a 15 % fee, and
 * a borrower who returns within an hour pays the full hour (https://support.bitfinex.com/hc/en-us/articles/360024039494).
 * The borrower returns a loan: principal is unlocked and interest (after Bitfinex's 15 % fee, at least
 * one hour's worth) is paid into the funding wallet as a category-28 ledger entry.
 */
export function returnLoan(acct: Account, loanId: number, rules: Rules, interest?: number): LedgerEntry {
  const loan = acct.loans.get(loanId)
  if (!loan) throw new Error(`no loan ${loanId}`)
  const now = rules.now()
  const heldDays = Math.max(now - loan.openedAt, 3_600_000) / 86_400_000
  const paid = round8(interest ?? loan.amount * loan.rate * heldDays * 0.85)
  acct.loans.delete(loanId)
  return credit(acct, loan.symbol.replace(/^f/, ''), paid, rules, 28, 'Margin Funding Payment on wallet funding')
}

export function credit(acct: Account, currency: string, amount: number, rules: Pick<Rules, 'now' | 'nextId'>, category: number, description: string): LedgerEntry {
  const balance = round8((acct.balances.get(currency) ?? 0) + amount)
  acct.balances.set(currency, balance)
  const entry = { id: rules.nextId(), currency, mts: rules.now(), amount, balance, category, description }
  acct.ledger.push(entry)
  return entry
}
