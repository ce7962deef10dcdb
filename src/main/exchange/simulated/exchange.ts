// createSimulatedExchange: the full FundingExchange port over a market feed, for paper mode and
// backtests. Time comes from the Clock: every call first brings the simulation up to clock.now()
// (fills, interest, loan returns, auto-renew), so paper mode needs no driver; backtests may also call
// advanceTo(t) directly. All state changes run one at a time, in call order.
import type { Clock } from '../../platform/clock'
import { roundDownAmount } from '../../../shared/amount'
import { ExchangeError } from '../errors'
import { SerialQueue } from '../serialQueue'
import type { AutoRenewRequest, FundingExchange, LendableBalance, OfferRequest } from '../port'
import {
  currencyOf,
  fundingSymbol,
  MAX_PERIOD_DAYS,
  MIN_OFFER_USD,
  MIN_PERIOD_DAYS,
  type Currency,
  type FundingBook,
  type KeyScope,
  type Loan,
  type Offer
} from '../../../shared/domain'
import { FUSD_CALIBRATION, type CalibrationBand, type MarketCalibration } from '../../../shared/calibration'
import { accruedOpen, equity, newAccount, type SimAccount, type SimLoan, type SimOffer, type SimulatedStats, type StartingLoan } from './account'
import type { MarketFeed, VolumeSlice } from './feed'
import { DAY_MS, fillFromBook, fillFromVolume, frrDemandKey, HOUR_MS, loanLifeMs, MIN_INTEREST_MS, netInterest, queueAheadAt, type Fill } from './replayFillRules'
import { createLoanLifeModel } from './loanLifeModel'

export type FrrFillAssumption = 'queue' | 'optimistic'

interface SimulatedExchangeOptions {
  /** One feed per currency the account can lend. */
  feed: MarketFeed | MarketFeed[]
  clock: Clock
  /** Starting funding-wallet balances. */
  balances: Partial<Record<Currency, number>>
  /**
   * Loans already lent at the start, beside the balances (so equity = balance + these). They earn like
   * any loan, at the same fee, and return at their given `endsAt`, not at a drawn life.
   */
  startingLoans?: Partial<Record<Currency, StartingLoan[]>>
  /** Seed of every random draw (loan lives). */
  seed?: number
  /**
   * How FRR offers (FRRDELTA*) fill. queue (the common model, R8): behind the FRR queue, which drains
   * at the calibrated outflow; meanwhile also like a LIMIT offer at the current FRR (+offset) under
   * R1–R4. optimistic: fully and at once at FRR, as if Bitfinex's FRR pool were always taken first — a
   * sensitivity, not the common model (MARKET-NOTES §3, §5).
   */
  frrFill?: FrrFillAssumption
  /** Measured market parameters (loan lives, FRR queue); default FUSD_CALIBRATION. */
  calibration?: MarketCalibration
  /** Which reading of every calibrated parameter; default central. */
  band?: CalibrationBand
  /** R1: a new offer matches only a book at most this old (backtests: one step); default 2 h. */
  matchBookAgeMs?: number
  /** USD value of one unit, for the 150 USD minimum; USD and UST default to 1, others skip the check. */
  usdPrice?: Partial<Record<Currency, number>>
}

export interface SimulatedExchange extends FundingExchange {
  /** Apply everything that happened up to t (fills, interest, returns, payouts, auto-renew). */
  advanceTo(t: number): Promise<void>
  /** advanceTo(clock.now()). */
  sync(): Promise<void>
  /** Counters and integrals so far, for backtest metrics. */
  stats(currency: Currency): SimulatedStats
  /** The time the simulation has reached. */
  readonly simulatedTime: number
}

const PAYOUT_DESCRIPTION = 'Margin Funding Payment on wallet funding'

export function createSimulatedExchange(opts: SimulatedExchangeOptions): SimulatedExchange {
  const { clock } = opts
  const seed = opts.seed ?? 1
  const frrFill = opts.frrFill ?? 'queue'
  const calibration = opts.calibration ?? FUSD_CALIBRATION
  const band = opts.band ?? 'central'
  const lives = createLoanLifeModel(calibration, band)
  const frrDrainPerMs = calibration.frrQueue.drainPerHour[band] / HOUR_MS
  const matchBookAge = opts.matchBookAgeMs ?? 2 * HOUR_MS
  const feeds = Array.isArray(opts.feed) ? opts.feed : [opts.feed]
  const start = clock.now()
  let time = start
  let nextId = 1
  const accounts = new Map<Currency, SimAccount>()
  for (const f of feeds) accounts.set(f.currency, newAccount(f.currency, f, opts.balances[f.currency] ?? 0, start))
  for (const [c, loans] of Object.entries(opts.startingLoans ?? {}) as [Currency, StartingLoan[]][]) for (const l of loans) addStartingLoan(account(c), l)

  const usdPrice = (c: Currency): number | null => opts.usdPrice?.[c] ?? (c === 'USD' || c === 'UST' ? 1 : null)

  function account(c: Currency): SimAccount {
    const a = accounts.get(c)
    if (!a) throw new ExchangeError('invalidOffer', `The simulated exchange has no market data for ${fundingSymbol(c)}.`)
    return a
  }

  function accountOfSymbol(symbol: string): SimAccount {
    let c: Currency
    try {
      c = currencyOf(symbol)
    } catch {
      throw new ExchangeError('invalidOffer', `Unknown funding symbol ${symbol}.`)
    }
    return account(c)
  }

  // --- serialisation: one state change at a time --------------------------------------------------
  const queue = new SerialQueue()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => queue.run(fn)

  function addStartingLoan(a: SimAccount, s: StartingLoan): void {
    const what = `A starting ${fundingSymbol(a.currency)} loan of ${s.amount}`
    if (!(s.amount > 0) || !(s.rate > 0) || !Number.isFinite(s.amount) || !Number.isFinite(s.rate)) throw new ExchangeError('invalidOffer', `${what} needs a positive amount and daily rate.`)
    if (!Number.isInteger(s.period) || s.period < MIN_PERIOD_DAYS || s.period > MAX_PERIOD_DAYS)
      throw new ExchangeError('invalidOffer', `${what} has period ${s.period}; it must be ${MIN_PERIOD_DAYS} to ${MAX_PERIOD_DAYS} days.`)
    if (!(s.openedAt <= start && s.endsAt > start)) throw new ExchangeError('invalidOffer', `${what} must be open at the simulation's start (opened at or before it, ending after it).`)
    if (s.endsAt > s.openedAt + s.period * DAY_MS) throw new ExchangeError('invalidOffer', `${what} cannot run past its ${s.period}-day term.`)
    const loan: Loan = { id: nextId++, symbol: fundingSymbol(a.currency), kind: 'loan', amount: s.amount, rate: s.rate, rateType: 'FIXED', period: s.period, openedAt: s.openedAt, lastPayoutAt: null }
    // Interest before the start is not the simulation's to count: it accrues from `start` on.
    a.loans.set(loan.id, { loan, endsAt: s.endsAt, accrued: 0, accruedUntil: start, auto: false, starting: true })
  }

  /** Interest (after fee) a loan has earned, booked on the loan until the daily payout. */
  function earn(a: SimAccount, l: SimLoan, net: number): void {
    l.accrued += net
    if (l.starting) a.stats.startingNet += net
  }

  // --- fills ------------------------------------------------------------------------------------
  function openLoan(a: SimAccount, so: SimOffer, f: Fill): void {
    const life = loanLifeMs(seed, f.demandKey, so.offer.period, lives)
    const loan: Loan = {
      id: nextId++,
      symbol: so.offer.symbol,
      kind: 'loan',
      amount: f.amount,
      rate: f.rate,
      rateType: so.frrOffset === null ? 'FIXED' : 'VAR',
      period: so.offer.period,
      openedAt: f.mts,
      lastPayoutAt: null
    }
    a.loans.set(loan.id, { loan, endsAt: f.mts + life, accrued: 0, accruedUntil: f.mts, auto: so.auto, starting: false })
    a.stats.fills++
    so.offer.updatedAt = f.mts
  }

  /**
   * After all of a batch's fills are open: the offer's remaining amount, or its end. (fillFromBook and
   * fillFromVolume reduce `rest.remaining` for the whole batch first, so settling inside openLoan would
   * drop an offer after its first fill and lose the money of its later fills in the same batch.)
   */
  function settleOffer(a: SimAccount, so: SimOffer): void {
    so.offer.amount = roundDownAmount(so.rest.remaining)
    if (so.offer.amount <= 0) {
      // Sub-satoshi leftovers go back to the wallet rather than sitting as an unfillable offer.
      a.available += so.rest.remaining
      so.rest.remaining = 0
      so.offer.status = 'EXECUTED'
      a.offers.delete(so.offer.id)
    } else so.offer.status = 'PARTIALLY FILLED'
  }

  function applyFills(a: SimAccount, fills: Fill[]): void {
    const touched = new Set<SimOffer>()
    for (const f of fills) {
      const so = a.offers.get(f.offerId)
      if (so) {
        openLoan(a, so, f)
        touched.add(so)
      }
    }
    for (const so of touched) settleOffer(a, so)
  }

  /** Reprice FRR offers to the current FRR (unknown FRR: they cannot fill). */
  function repriceFrr(a: SimAccount, frr: number | null): void {
    for (const so of a.offers.values())
      if (so.frrOffset !== null) {
        so.rest.rate = frr === null ? Infinity : frr + so.frrOffset
        so.offer.rate = frr === null ? 0 : so.rest.rate
      }
  }

  /** Fill an FRR offer in full at the current FRR (R8 when its turn in the queue has come; optimistic at once). */
  function fillFrr(a: SimAccount, so: SimOffer, at: number): void {
    const amount = so.rest.remaining
    so.rest.remaining = 0
    openLoan(a, so, { offerId: so.offer.id, amount, rate: so.rest.rate, mts: at, demandPeriod: so.offer.period, demandKey: frrDemandKey(at) })
    settleOffer(a, so)
  }

  const frrReady = (so: SimOffer) => so.frrOffset !== null && Number.isFinite(so.rest.rate) && so.rest.remaining > 0

  function fillFrrOptimistic(a: SimAccount, at: number): void {
    if (frrFill !== 'optimistic') return
    for (const so of [...a.offers.values()]) if (frrReady(so)) fillFrr(a, so, at)
  }

  /**
   * R8: the amount ahead of each FRR offer leaves the queue at the calibrated outflow while the FRR is
   * known (an offer that cannot be priced waits); an offer whose turn has come fills at FRR.
   */
  function drainFrrQueue(a: SimAccount, t0: number, t1: number): void {
    if (frrFill !== 'queue') return
    for (const so of [...a.offers.values()]) {
      if (so.frrAhead === null || !frrReady(so)) continue
      so.frrAhead -= frrDrainPerMs * (t1 - Math.max(t0, so.offer.createdAt))
      if (so.frrAhead <= 0) fillFrr(a, so, t1)
    }
  }

  /**
   * The offers R1–R4 may fill: an FRR offer whose FRR is not yet known has no price (its resting rate is
   * Infinity, below any bid or trade), so it waits. It does not reach the rules at all, so no rule has to
   * treat Infinity specially (shared/rate.ts's sameRate once read every point trade as "at" Infinity).
   */
  const resting = (a: SimAccount) => [...a.offers.values()].filter((so) => Number.isFinite(so.rest.rate)).map((so) => so.rest)

  // --- interest, returns, payouts -------------------------------------------------------------
  function accrue(a: SimAccount, t0: number, t1: number): void {
    if (t1 <= t0) return
    a.stats.equityTime += equity(a) * (t1 - t0)
    for (const l of [...a.loans.values()]) {
      const from = Math.max(t0, l.accruedUntil)
      const to = Math.min(t1, l.endsAt)
      if (to > from) {
        earn(a, l, netInterest(l.loan.amount, l.loan.rate, to - from))
        a.stats.lentTime += l.loan.amount * (to - from)
        a.stats.rateTime += l.loan.amount * l.loan.rate * (to - from)
        l.accruedUntil = to
      }
      if (l.endsAt <= t1) closeLoan(a, l)
    }
  }

  function closeLoan(a: SimAccount, l: SimLoan): void {
    const lived = l.endsAt - l.loan.openedAt
    // Bitfinex charges a borrower who returns within the hour a full hour.
    if (lived < MIN_INTEREST_MS) {
      earn(a, l, netInterest(l.loan.amount, l.loan.rate, MIN_INTEREST_MS - lived))
      // The charged hour counts in the interest-bearing rate integral, so avgRate × utilization stays what the money earned.
      a.stats.rateTime += l.loan.amount * l.loan.rate * (MIN_INTEREST_MS - lived)
    }
    a.pending += l.accrued
    a.available += l.loan.amount
    a.loans.delete(l.loan.id)
    a.stats.loansReturned++
  }

  function payout(a: SimAccount, at: number): void {
    let amount = a.pending
    a.pending = 0
    for (const l of a.loans.values()) {
      amount += l.accrued
      l.accrued = 0
      l.loan.lastPayoutAt = at
    }
    if (amount <= 0) return
    a.available += amount
    a.stats.paidNet += amount
    a.payments.push({ id: nextId++, currency: a.currency, mts: at, amount, description: PAYOUT_DESCRIPTION })
  }

  // --- auto-renew --------------------------------------------------------------------------------
  /** The offer auto-renew placed (the caller matches it), or null. */
  function placeAuto(a: SimAccount, at: number): SimOffer | null {
    const ar = a.autoRenew
    if (!ar?.enabled) return null
    let inUse = 0
    for (const so of a.offers.values()) if (so.auto) inUse += so.rest.remaining
    for (const l of a.loans.values()) if (l.auto) inUse += l.loan.amount
    const target = ar.amount ?? Infinity
    const amount = roundDownAmount(Math.min(a.available, target - inUse))
    const price = usdPrice(a.currency)
    if (amount <= 0 || (price !== null && amount * price < MIN_OFFER_USD)) return null
    const rate = ar.rate ?? 0
    return createOffer(a, { symbol: fundingSymbol(a.currency), type: rate === 0 ? 'FRRDELTAVAR' : 'LIMIT', amount, rate, period: ar.period ?? MIN_PERIOD_DAYS }, at, true)
  }

  // --- time ------------------------------------------------------------------------------------------
  async function advance(t: number): Promise<void> {
    if (t <= time) return
    for (const a of accounts.values()) {
      const act = await a.feed.activity(time, t)
      repriceFrr(a, act.frr)
      type Ev = { mts: number; book?: { mts: number; book: FundingBook }; slice?: VolumeSlice }
      const events: Ev[] = [...act.books.map((b) => ({ mts: b.mts, book: b })), ...act.volume.map((s) => ({ mts: s.mts, slice: s }))].sort((x, y) => x.mts - y.mts)
      let cursor = time
      for (const ev of events) {
        accrueWithPayouts(a, cursor, ev.mts)
        cursor = Math.max(cursor, ev.mts)
        const fills = ev.book ? fillFromBook(resting(a), ev.book.book, ev.book.mts, ev.mts, a.bids) : fillFromVolume(resting(a), ev.slice!)
        applyFills(a, fills)
      }
      accrueWithPayouts(a, cursor, t)
      a.stats.to = t
      drainFrrQueue(a, time, t)
      const renewed = placeAuto(a, t)
      if (renewed) await matchNew(a, renewed, t)
      // Optimistic FRR: offers that could not be priced before (FRR unknown) fill once it is known.
      fillFrrOptimistic(a, t)
    }
    time = t
  }

  /** Accrue over (t0, t1], paying out at each UTC midnight in between (Bitfinex pays daily). */
  function accrueWithPayouts(a: SimAccount, t0: number, t1: number): void {
    let cursor = t0
    for (let midnight = Math.floor(t0 / DAY_MS) * DAY_MS + DAY_MS; midnight <= t1; midnight += DAY_MS) {
      accrue(a, cursor, midnight)
      payout(a, midnight)
      cursor = midnight
    }
    accrue(a, cursor, t1)
  }

  const nowSim = () => Math.max(time, clock.now())
  const syncInside = () => advance(clock.now())

  // --- offers ---------------------------------------------------------------------------------------
  function validate(a: SimAccount, req: OfferRequest): void {
    if (!Number.isInteger(req.period) || req.period < MIN_PERIOD_DAYS || req.period > MAX_PERIOD_DAYS)
      throw new ExchangeError('invalidOffer', `Invalid offer: period must be ${MIN_PERIOD_DAYS} to ${MAX_PERIOD_DAYS} days.`)
    if (!(req.amount > 0) || !Number.isFinite(req.amount)) throw new ExchangeError('invalidOffer', 'Invalid offer: amount must be positive.')
    const price = usdPrice(a.currency)
    if (price !== null && req.amount * price < MIN_OFFER_USD - 1e-9)
      throw new ExchangeError('invalidOffer', `Invalid offer: incorrect amount, minimum is ${MIN_OFFER_USD.toFixed(1)} dollar or equivalent in UST`)
    if (req.type === 'LIMIT' && !(req.rate > 0)) throw new ExchangeError('invalidOffer', 'Invalid offer: a LIMIT offer needs a rate above zero.')
    if (req.type === 'FRRDELTAVAR' && req.rate < 0) throw new ExchangeError('invalidOffer', 'Invalid offer: the FRR offset of a variable offer cannot be negative.')
    if (!(req.rate < 0.07)) throw new ExchangeError('invalidOffer', 'Invalid offer: rate too high.')
    if (roundDownAmount(req.amount) > roundDownAmount(a.available) + 1e-9)
      throw new ExchangeError('insufficientBalance', 'Invalid offer: not enough balance in the funding wallet.')
  }

  function createOffer(a: SimAccount, req: OfferRequest, at: number, auto: boolean): SimOffer {
    const amount = roundDownAmount(req.amount)
    const frrOffset = req.type === 'LIMIT' ? null : req.rate
    const offer: Offer = {
      id: nextId++,
      symbol: req.symbol,
      createdAt: at,
      updatedAt: at,
      amount,
      amountOrig: amount,
      type: req.type,
      status: 'ACTIVE',
      rate: req.type === 'LIMIT' ? req.rate : 0,
      period: req.period,
      hidden: req.hidden ?? false
    }
    const so: SimOffer = {
      offer,
      rest: { id: offer.id, rate: req.type === 'LIMIT' ? req.rate : Infinity, period: req.period, remaining: amount, createdAt: at, queueAhead: 0 },
      frrOffset,
      frrAhead: null,
      auto
    }
    a.available = Math.max(0, a.available - amount)
    a.offers.set(offer.id, so)
    a.stats.placed++
    return so
  }

  async function matchNew(a: SimAccount, so: SimOffer, at: number): Promise<void> {
    repriceFrr(a, await a.feed.frrAt(at))
    const seen = await a.feed.bookAt(at)
    // R1: a book older than one step is not the market of this moment any more.
    const visible = seen && at - seen.mts <= matchBookAge ? seen : null
    so.rest.queueAhead = queueAheadAt(visible?.book ?? null, so.rest.rate)
    if (so.frrOffset !== null) {
      // R8: an offer at FRR itself waits behind everything already queued at FRR (the ticker's count, or
      // the calibrated typical queue). With an offset above FRR it is not in that queue: it rests like a
      // LIMIT offer at FRR + offset (R1–R4).
      if (so.frrOffset === 0) so.frrAhead = (await a.feed.frrQueueAt(at)) ?? calibration.frrQueue.typicalQueue[band]
      if (frrFill === 'optimistic') return fillFrrOptimistic(a, at)
    }
    if (visible) applyFills(a, fillFromBook([so.rest], visible.book, visible.mts, at, a.bids))
  }

  function cancelInside(a: SimAccount, id: number, at: number): void {
    const so = a.offers.get(id)
    if (!so) throw new ExchangeError('invalidOffer', `Offer ${id} not found (already filled or cancelled).`)
    a.available += so.rest.remaining
    so.rest.remaining = 0
    so.offer.status = 'CANCELED'
    so.offer.updatedAt = at
    a.offers.delete(id)
    a.stats.cancelled++
  }

  const copyOffer = (so: SimOffer): Offer => ({ ...so.offer })

  const ex: SimulatedExchange = {
    get simulatedTime() {
      return time
    },
    advanceTo: (t) => serial(() => advance(t)),
    sync: () => serial(syncInside),
    stats(currency) {
      const a = account(currency)
      return { ...a.stats, earnedNet: a.stats.paidNet + a.pending + accruedOpen(a) }
    },

    // public data
    marketSnapshot: (c) => serial(async () => (await syncInside(), account(c).feed.snapshot(nowSim()))),
    ticker: (c) => serial(async () => (await syncInside(), (await account(c).feed.snapshot(nowSim())).ticker)),
    book: (c, len = 25) =>
      serial(async () => {
        await syncInside()
        const b = (await account(c).feed.snapshot(nowSim())).book
        return { asks: b.asks.slice(0, len), bids: b.bids.slice(0, len) }
      }),
    publicTrades: (c, o) => serial(async () => (await syncInside(), account(c).feed.trades(nowSim(), o))),
    candles: (c, o) => serial(async () => (await syncInside(), account(c).feed.candles(nowSim(), o))),
    frrHistory: (c, o) => serial(async () => (await syncInside(), account(c).feed.frrHistory(nowSim(), o))),
    platformOperative: async () => true,

    // account
    keyPermissions: async (): Promise<KeyScope[]> => [
      { scope: 'funding', read: true, write: true },
      { scope: 'wallets', read: true, write: false },
      { scope: 'withdraw', read: false, write: false }
    ],
    lendableBalance: (c) =>
      serial(async (): Promise<LendableBalance> => (await syncInside(), { readable: true, amount: roundDownAmount(account(c).available), source: 'simulated' })),
    activeOffers: (c) => serial(async () => (await syncInside(), [...account(c).offers.values()].map(copyOffer))),
    activeLoans: (c) => serial(async () => (await syncInside(), [...account(c).loans.values()].map((l) => ({ ...l.loan })))),
    interestPayments: (c, o = {}) =>
      serial(async () => {
        await syncInside()
        const list = account(c).payments.filter((p) => p.mts >= (o.start ?? -Infinity) && p.mts <= (o.end ?? Infinity))
        return list.slice(Math.max(0, list.length - (o.limit ?? 25))).map((p) => ({ ...p }))
      }),

    // writes
    submitOffer: (req) =>
      serial(async () => {
        await syncInside()
        const a = accountOfSymbol(req.symbol)
        try {
          validate(a, req)
        } catch (e) {
          a.stats.rejected++
          throw e
        }
        const at = nowSim()
        const so = createOffer(a, req, at, false)
        await matchNew(a, so, at)
        return copyOffer(so)
      }),
    cancelOffer: (id) =>
      serial(async () => {
        await syncInside()
        const a = [...accounts.values()].find((x) => x.offers.has(id))
        if (!a) throw new ExchangeError('invalidOffer', `Offer ${id} not found (already filled or cancelled).`)
        cancelInside(a, id, nowSim())
      }),
    cancelAllOffers: (c) =>
      serial(async () => {
        await syncInside()
        const a = account(c)
        for (const id of [...a.offers.keys()]) cancelInside(a, id, nowSim())
      }),
    setAutoRenew: (req: AutoRenewRequest) =>
      serial(async () => {
        await syncInside()
        const a = account(req.currency)
        if (req.period !== undefined && (req.period < MIN_PERIOD_DAYS || req.period > MAX_PERIOD_DAYS))
          throw new ExchangeError('invalidOffer', `Auto-renew period must be ${MIN_PERIOD_DAYS} to ${MAX_PERIOD_DAYS} days.`)
        if (!req.enabled) {
          // Turning auto-renew off takes the balance back: its resting offers are cancelled, loans run on.
          for (const so of [...a.offers.values()]) if (so.auto) cancelInside(a, so.offer.id, nowSim())
          a.autoRenew = null
          return
        }
        a.autoRenew = { ...req }
        const at = nowSim()
        const placed = placeAuto(a, at)
        if (placed) await matchNew(a, placed, at)
      })
  }
  return ex
}
