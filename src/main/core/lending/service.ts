// The lending loop on a timer: start/stop, one cycle at a time, each currency on its own so one
// currency's error never stops the others, back-off while offline, and the auto-renew handoff that keeps
// money lent while the app is closed.
import type { ServiceStatus } from '../../../shared/contract'
import type { AccountState, Currency, Decision, Offer, PlannedOffer } from '../../../shared/domain'
import { enabledCurrencies, type Settings } from '../../../shared/settings'
import type { FundingExchange } from '../../exchange/port'
import { NEEDS_PERSON_KINDS, OFFLINE_KINDS, type ErrorKind } from '../../../shared/errorKinds'
import { isExchangeError } from '../../exchange/errors'
import type { Clock, TimerHandle } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import { backoffDelay } from '../../platform/retry'
import { toUserError } from '../userError'
import { formatRate } from '../../ibrr'
import { runCycle, type CycleResult, type PlanFn } from './cycle'
import type { CycleOutcome } from './cycleSnapshot'
import { PlacementGuard } from './placementGuard'

const MAX_BACKOFF_MS = 15 * 60_000
/** A saved setting re-plans this soon: long enough that a burst of saves (typing, sliders) makes one cycle. */
export const SETTINGS_REPLAN_DEBOUNCE_MS = 1500
/** ±10 % on the interval so many installs don't hit Bitfinex in lockstep. */
const JITTER = 0.1

interface LendingServiceDeps {
  clock: Clock
  /** Seeded in tests; Math.random in the app. Used only for timer jitter. */
  random: () => number
  logger: Logger
  plan: PlanFn
  /** The exchange for the current mode; rejects with a UserFacingError when no usable key is stored. */
  exchange: () => Promise<FundingExchange>
  settings: () => Settings
  mode: () => 'live' | 'paper'
  record: (d: Omit<Decision, 'id' | 'at'>) => void
  /** Persist what was recorded: once per cycle, and after stop and shutdown. */
  flushDecisions: () => void
  rememberReason: (offerId: number, reason: string) => void
  onStatus: (s: ServiceStatus) => void
  onError: (e: { message: string; kind: ErrorKind; currency: string | null }) => void
  /** After every cycle that reached the exchange: what it planned on and did, for the dashboard. */
  onCycleDone: (outcome: CycleOutcome) => void
  /** After the user's cancel-all, outside any cycle: the offers the last cycle left are gone. */
  onOffersCancelled: () => void
  /** Records the user's own fills from each cycle's account and attaches them for plan() (core/learning). */
  learning?: { observe(account: AccountState, now: number): AccountState; placed(currency: Currency, offer: Offer, planned: PlannedOffer): void; flush(): void }
}

export class LendingService {
  private running = false
  private timer: TimerHandle | null = null
  private replanTimer: TimerHandle | null = null
  private inFlight: Promise<void> | null = null
  private rerunRequested = false
  private offlineStreak = 0
  /** A start under way: a second start (resume at launch and a click) joins it instead of racing it. */
  private starting: Promise<ServiceStatus> | null = null
  private readonly bannedUntil = new Map<Currency, number>()
  private readonly guard = new PlacementGuard()
  private current: ServiceStatus

  constructor(private readonly deps: LendingServiceDeps) {
    this.current = this.makeStatus('stopped', 'Stopped. Press Start to lend.', false)
  }

  status(): ServiceStatus {
    return this.current
  }

  get isRunning(): boolean {
    return this.running
  }

  start(): Promise<ServiceStatus> {
    if (this.running) return Promise.resolve(this.current)
    this.starting ??= this.startOnce().finally(() => {
      this.starting = null
    })
    return this.starting
  }

  /**
   * Lending was running when the app last closed but the key is locked: say so, and say it once, until
   * the vault is unlocked and start() runs.
   */
  awaitUnlock(): void {
    if (this.running) return
    this.current = {
      ...this.makeStatus('stopped', 'LendPace was lending when it closed. Enter your passphrase to unlock the key and resume.', true),
      resumeAfterUnlock: true
    }
    this.deps.onStatus(this.current)
  }

  /** The user's "cancel all my offers now": every open offer in the enabled currencies; loans run on. */
  async cancelOpenOffers(): Promise<number> {
    const exchange = await this.deps.exchange()
    let cancelled = 0
    for (const currency of this.enabledCurrencies()) {
      const open = await exchange.activeOffers(currency)
      if (open.length === 0) continue
      await exchange.cancelAllOffers(currency)
      cancelled += open.length
      this.deps.record({ currency, kind: 'cancel', dryRun: false, message: `Cancelled your ${open.length} open ${currency} offer${open.length === 1 ? '' : 's'} at your request.` })
    }
    this.deps.flushDecisions()
    this.deps.onOffersCancelled()
    return cancelled
  }

  private async startOnce(): Promise<ServiceStatus> {
    let exchange: FundingExchange
    try {
      exchange = await this.deps.exchange()
    } catch (err) {
      // The caller gets the error too; a start from the tray has no one to show it to but the status.
      const ue = toUserError(err)
      if (NEEDS_PERSON_KINDS.has(ue.kind)) this.setStatus('stopped', ue.message, true)
      throw err
    }
    this.running = true
    this.offlineStreak = 0
    this.setStatus('running', 'Starting: reading the market and your offers…', false)
    if (this.deps.mode() === 'live') await this.takeOverFromAutoRenew(exchange)
    await this.cycleNow()
    return this.current
  }

  async stop(): Promise<ServiceStatus> {
    if (!this.running) return this.current
    this.running = false
    this.clearTimer()
    this.clearReplan()
    await this.inFlight
    if (this.deps.settings().cancelOffersOnStop) await this.cancelAllOffers()
    this.deps.flushDecisions()
    this.setStatus(
      'stopped',
      this.deps.settings().cancelOffersOnStop
        ? 'Stopped. Your open offers were cancelled; your loans keep earning until they are returned.'
        : 'Stopped: no new offers will be placed. Offers already on the book stay there and can still be taken; your loans keep earning.',
      false
    )
    return this.current
  }

  /** Run a cycle as soon as possible (resume from sleep, network back). A no-op while stopped. */
  runCycleNow(reason: string): void {
    if (!this.running) return
    this.deps.logger.log('info', 'cycle requested', { reason })
    this.offlineStreak = 0
    this.clearTimer()
    void this.cycleNow()
  }

  /**
   * The user saved settings (a new floor, a currency switched on): re-plan with them soon instead of at the
   * next timer cycle. Saves in quick succession make one cycle; a cycle under way gets one more after it
   * (cycleNow queues it); while stopped nothing runs.
   */
  settingsChanged(): void {
    if (!this.running) return
    this.clearReplan()
    this.replanTimer = this.deps.clock.setTimeout(() => {
      this.replanTimer = null
      if (!this.running) return
      this.deps.logger.log('info', 'cycle requested', { reason: 'settings changed' })
      this.clearTimer()
      void this.cycleNow()
    }, SETTINGS_REPLAN_DEBOUNCE_MS)
  }

  /** The app is quitting: hand idle money to Bitfinex's auto-renew if asked, then stop the timer. */
  async shutdown(): Promise<void> {
    const wasRunning = this.running
    this.running = false
    this.clearTimer()
    this.clearReplan()
    this.clearReplan()
    await this.inFlight
    const settings = this.deps.settings()
    if (settings.cancelOffersOnStop) await this.cancelAllOffers()
    if (wasRunning && settings.keepLendingWhenClosed && this.deps.mode() === 'live') await this.handOverToAutoRenew()
    this.deps.flushDecisions()
  }

  /** One full cycle over every enabled currency; resolves when done. Concurrent calls share one cycle. */
  cycleNow(): Promise<void> {
    if (this.inFlight) {
      this.rerunRequested = true
      return this.inFlight
    }
    this.inFlight = this.cycleAllCurrencies().finally(() => {
      this.inFlight = null
      this.deps.flushDecisions()
      if (!this.running) return
      if (this.rerunRequested) {
        this.rerunRequested = false
        void this.cycleNow()
      } else this.schedule()
    })
    return this.inFlight
  }

  private async cycleAllCurrencies(): Promise<void> {
    const settings = this.deps.settings()
    let exchange: FundingExchange
    try {
      exchange = await this.deps.exchange()
      if (!(await exchange.platformOperative())) {
        this.setStatus('running', 'Bitfinex is in maintenance; lending waits and checks again shortly.', false)
        return
      }
    } catch (err) {
      this.handleErrors([{ currency: null, err }])
      return
    }

    const enabled = enabledCurrencies(settings)
    const now = this.deps.clock.now()
    const learning = this.deps.learning
    const plan: PlanFn = learning ? (m, a, s, t) => this.deps.plan(m, learning.observe(a, t), s, t) : this.deps.plan
    const failures: { currency: Currency | null; err: unknown }[] = []
    const results: CycleResult[] = []
    for (const currency of enabled) {
      const until = this.bannedUntil.get(currency)
      if (until && now < until) continue
      try {
        const r = await runCycle(
          {
            exchange,
            plan,
            now: () => this.deps.clock.now(),
            record: this.deps.record,
            rememberReason: this.deps.rememberReason,
            onPlaced: learning ? (offer, planned) => learning.placed(currency, offer, planned) : undefined,
            guard: this.guard
          },
          currency,
          settings,
          settings.dryRun
        )
        results.push(r)
      } catch (err) {
        if (isExchangeError(err) && err.retryAfter) this.bannedUntil.set(currency, err.retryAfter)
        failures.push({ currency, err })
      }
    }
    learning?.flush()
    this.deps.onCycleDone({ takenAt: now, dryRun: settings.dryRun, enabled, results })
    if (failures.length > 0) this.handleErrors(failures, enabled.length)
    else {
      this.offlineStreak = 0
      const summary = results.map((r) => `${r.currency}: ${r.placed} placed, ${r.cancelled} cancelled`)
      const what = enabled.length === 0 ? 'No currency is enabled in Settings.' : `Last cycle — ${summary.join('; ')}.`
      this.setStatus('running', settings.dryRun ? `Dry run: nothing is placed. ${what}` : what, false)
    }
  }

  private handleErrors(failures: { currency: Currency | null; err: unknown }[], attempted = 1): void {
    let attention = false
    let offline = true
    const sentences: string[] = []
    for (const { currency, err } of failures) {
      const ue = toUserError(err)
      attention ||= NEEDS_PERSON_KINDS.has(ue.kind)
      offline &&= OFFLINE_KINDS.has(ue.kind)
      sentences.push(currency ? `${currency}: ${ue.message}` : ue.message)
      this.deps.record({ currency: currency ?? 'all', kind: 'error', message: ue.message, dryRun: this.deps.settings().dryRun })
      this.deps.onError({ message: ue.message, kind: ue.kind, currency })
      this.deps.logger.log('warn', 'cycle error', { currency, kind: ue.kind, message: ue.message })
    }
    const allOffline = offline && failures.length >= attempted
    this.offlineStreak = allOffline ? this.offlineStreak + 1 : 0
    const prefix = allOffline ? "Can't reach Bitfinex (offline?); retrying with back-off. " : ''
    this.setStatus(this.running ? 'running' : 'error', prefix + sentences.join(' '), attention)
  }

  private schedule(): void {
    const base = this.deps.settings().loopIntervalSec * 1000
    const delay = backoffDelay({ baseMs: base, failures: this.offlineStreak, maxMs: MAX_BACKOFF_MS, jitter: JITTER, random: this.deps.random })
    this.clearTimer()
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null
      void this.cycleNow()
    }, delay)
    this.current = { ...this.current, nextCycleAt: this.deps.clock.now() + delay }
    this.deps.onStatus(this.current)
  }

  private clearTimer(): void {
    if (this.timer) this.deps.clock.clearTimeout(this.timer)
    this.timer = null
  }

  private clearReplan(): void {
    if (this.replanTimer) this.deps.clock.clearTimeout(this.replanTimer)
    this.replanTimer = null
  }

  private enabledCurrencies(): Currency[] {
    return enabledCurrencies(this.deps.settings())
  }

  /** On start: switch Bitfinex auto-renew off so it and IBRR don't both place offers. */
  private async takeOverFromAutoRenew(exchange: FundingExchange): Promise<void> {
    for (const currency of this.enabledCurrencies()) {
      try {
        await exchange.setAutoRenew({ currency, enabled: false })
      } catch (err) {
        this.handleErrors([{ currency, err }])
      }
    }
  }

  /** On quit: let Bitfinex re-offer returning and idle money at FRR (or the user's floor when FRR is not allowed). */
  private async handOverToAutoRenew(): Promise<void> {
    const settings = this.deps.settings()
    let exchange: FundingExchange
    try {
      exchange = await this.deps.exchange()
    } catch (err) {
      this.handleErrors([{ currency: null, err }])
      return
    }
    // One currency's refusal must not leave the others without their handoff.
    for (const currency of this.enabledCurrencies()) {
      const c = settings.currencies[currency]
      try {
        await exchange.setAutoRenew({ currency, enabled: true, rate: c.allowFrr ? 0 : c.minDailyRate, period: c.minPeriod })
        this.deps.record({ currency, kind: 'info', dryRun: false, message: `While LendPace is closed, Bitfinex auto-renew keeps your ${currency} lent ${c.allowFrr ? 'at FRR' : `at ${formatRate(c.minDailyRate)}`}.` })
      } catch (err) {
        this.handleErrors([{ currency, err }])
      }
    }
  }

  private async cancelAllOffers(): Promise<void> {
    if (this.deps.settings().dryRun) return
    try {
      const exchange = await this.deps.exchange()
      for (const currency of this.enabledCurrencies()) {
        await exchange.cancelAllOffers(currency)
        this.deps.record({ currency, kind: 'cancel', dryRun: false, message: 'Cancelled all open offers because lending was stopped (your setting).' })
      }
    } catch (err) {
      this.handleErrors([{ currency: null, err }])
    }
  }

  private makeStatus(state: ServiceStatus['state'], message: string, needsAttention: boolean): ServiceStatus {
    return {
      state,
      mode: this.deps.mode(),
      message,
      dryRun: this.deps.settings().dryRun,
      lastCycleAt: this.current?.lastCycleAt ?? null,
      nextCycleAt: null,
      needsAttention
    }
  }

  private setStatus(state: ServiceStatus['state'], message: string, needsAttention: boolean): void {
    const touchedExchange = state === 'running'
    this.current = { ...this.makeStatus(state, message, needsAttention), lastCycleAt: touchedExchange ? this.deps.clock.now() : this.current.lastCycleAt }
    this.deps.onStatus(this.current)
  }
}

