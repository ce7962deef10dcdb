// One lending cycle for one currency: snapshot → plan → reconcile (cancel first, then place) → record.
// The exchange is the source of truth: every cycle starts from what it says is open, so a crash or a
// restart mid-cycle can never double-place, and placements are clamped to the balance it reports
// after the cancels, so nothing reserved is ever lent. The account is read once; what the cycle then
// changed (its cancels, the offers Bitfinex confirmed) is applied to that read, so the dashboard and the
// earnings figures take the account from the cycle instead of reading it again.
import type { AccountState, Currency, Decision, MarketSnapshot, Offer, Plan, PlannedOffer } from '../../../shared/domain'
import { fundingSymbol, MIN_OFFER_USD } from '../../../shared/domain'
import { minimumOfferAmount, usdPriceFor, type Settings } from '../../../shared/settings'
import type { FundingExchange } from '../../exchange/port'
import { roundDownAmount } from '../../../shared/amount'
import { ExchangeError, isExchangeError } from '../../exchange/errors'
import { describeOffer } from '../../ibrr'
import { formatAmount } from '../../ibrr/explain'
import type { PlacementGuard } from './placementGuard'

/** IBRR's signature; injected so the loop runs the real engine in the app and in tests alike. */
export type PlanFn = (market: MarketSnapshot, account: AccountState, settings: Settings, now: number) => Plan

interface CycleDeps {
  exchange: FundingExchange
  plan: PlanFn
  now: () => number
  /** Record a decision; the id and time are filled in by the recorder. */
  record: (d: Omit<Decision, 'id' | 'at'>) => void
  /** Remember why an offer was placed, to show next to it on the dashboard. */
  rememberReason: (offerId: number, reason: string) => void
  /** An offer placed from the plan's `planned` (the fill recorder keeps the model's wait with it). */
  onPlaced?: (offer: Offer, planned: PlannedOffer) => void
  /** What Bitfinex's refusals taught the loop (minimum back-off, open-offer cap); lives as long as the loop. */
  guard: PlacementGuard
}

export interface CycleResult {
  currency: Currency
  /** The market the plan was made on. */
  market: MarketSnapshot
  /** The account as this cycle left it: the one read, less the offers it cancelled, plus those it placed. */
  account: AccountState
  plan: Plan
  placed: number
  cancelled: number
}

export async function readAccount(exchange: FundingExchange, currency: Currency, settings: Settings): Promise<AccountState> {
  const balance = await exchange.lendableBalance(currency)
  if (!balance.readable) throw new ExchangeError('permission', balance.message)
  const [offers, loans] = await Promise.all([exchange.activeOffers(currency), exchange.activeLoans(currency)])
  // A real price where the exchange has one (Bitfinex's trading ticker, cached); else the settings' stand-in.
  const marketPrice = exchange.usdPrice ? await exchange.usdPrice(currency) : undefined
  return { currency, available: balance.amount, offers, loans, usdPrice: usdPriceFor(currency, settings, marketPrice) }
}

export async function runCycle(deps: CycleDeps, currency: Currency, settings: Settings, dryRun: boolean): Promise<CycleResult> {
  const { exchange, record } = deps
  const market = await exchange.marketSnapshot(currency)
  const account = sizedAboveRefusals(await readAccount(exchange, currency, settings), deps.guard.refusedAmount(currency, deps.now()))
  const plan = deps.plan(market, account, settings, deps.now())
  const base = { currency, dryRun }
  // While placements wait after a refusal (its one sentence is recorded), the plan's "Lending …" would not be true.
  const paused = !dryRun && plan.place.length > 0 && deps.guard.pausedUntil(currency, deps.now()) !== null

  if (!paused) for (const reason of plan.reasons) record({ ...base, kind: 'info', message: reason })
  if (dryRun) {
    for (const c of plan.cancel) record({ ...base, kind: 'cancel', offerId: c.offerId, message: `Would cancel: ${c.reason}` })
    for (const p of plan.place) record({ ...base, kind: 'place', rate: p.rate, amount: p.amount, period: p.period, message: `Would place: ${p.reason}` })
    return { currency, market, account, plan, placed: 0, cancelled: 0 }
  }

  const cancelledIds = new Set<number>()
  for (const c of plan.cancel) {
    await exchange.cancelOffer(c.offerId)
    cancelledIds.add(c.offerId)
    record({ ...base, kind: 'cancel', offerId: c.offerId, message: c.reason })
  }
  const cancelled = cancelledIds.size

  // Cancels return money to the wallet: after any, the balance is what the exchange says now (placements are
  // clamped to it, and the dashboard shows it). Without cancels the balance read moments ago stands; an
  // offer above it is refused by the exchange.
  let available = account.available
  if (cancelled > 0) {
    const fresh = await exchange.lendableBalance(currency)
    if (!fresh.readable) throw new ExchangeError('permission', fresh.message)
    available = fresh.amount
  }
  const stillOpen = account.offers.filter((o) => !cancelledIds.has(o.id))
  const leftAs = (offers: Offer[]): AccountState => ({ ...account, available, offers })

  // After a refusal the loop waits rather than ask again every cycle.
  if (paused) return { currency, market, account: leftAs(stillOpen), plan, placed: 0, cancelled }
  const openAfterCancels = stillOpen.length
  const cap = deps.guard.offerCap(currency)
  const wanted = cap === undefined ? plan.place : plan.place.slice(0, Math.max(0, cap - openAfterCancels))

  const placedOffers: Offer[] = []
  const minimum = minimumOfferAmount(currency, settings, account.usdPrice)
  for (const p of wanted) {
    const amount = clampToAvailable(p, available, minimum)
    if (amount === null) {
      record({ ...base, kind: 'hold', rate: p.rate, period: p.period, message: `Skipped ${describeOffer(p)}: the balance changed and what is left is below the minimum offer.` })
      continue
    }
    let offer
    try {
      offer = await exchange.submitOffer({ symbol: fundingSymbol(currency), type: p.type, amount, rate: p.rate, period: p.period })
    } catch (err) {
      if (!isExchangeError(err)) throw err
      if (err.kind === 'belowMinimum') {
        const until = deps.guard.belowMinimum(currency, deps.now(), amount)
        record({ ...base, kind: 'hold', amount, message: `Bitfinex refused ${formatAmount(amount, currency)} as below its 150 USD minimum, so LendPace places no new ${currency} offers until ${new Date(until).toISOString().slice(11, 16)} UTC instead of asking again every cycle.` })
        break
      }
      if (err.kind === 'tooManyOffers') {
        const open = openAfterCancels + placedOffers.length
        deps.guard.learnOfferCap(currency, open)
        record({ ...base, kind: 'hold', message: `Bitfinex allows no more open offers (${open} are open in ${currency}), so LendPace keeps to ${open} from now on and places nothing more this cycle.` })
        break
      }
      throw err
    }
    deps.guard.placed(currency)
    available = roundDownAmount(available - amount)
    placedOffers.push(offer)
    deps.rememberReason(offer.id, p.reason)
    deps.onPlaced?.(offer, p)
    record({ ...base, kind: 'place', offerId: offer.id, rate: p.rate, amount, period: p.period, message: p.reason })
  }
  return { currency, market, account: leftAs([...stillOpen, ...placedOffers]), plan, placed: placedOffers.length, cancelled }
}

/**
 * Bitfinex counts its minimum at its own price: an amount it refused is too small whatever our price says,
 * so the price IBRR sizes with is lowered until that amount (plus 10 %) is below the minimum.
 */
function sizedAboveRefusals(account: AccountState, refused: number | undefined): AccountState {
  if (refused === undefined) return account
  return { ...account, usdPrice: Math.min(account.usdPrice, MIN_OFFER_USD / (refused * 1.1)) }
}

/** The largest amount of this planned offer that fits the balance, or null when below the minimum. */
function clampToAvailable(p: PlannedOffer, available: number, minimum: number): number | null {
  const amount = roundDownAmount(Math.min(p.amount, available))
  return amount >= minimum ? amount : null
}
