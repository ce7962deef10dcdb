// Wires the application from its parts: stores, vault, the exchange for the current mode (Bitfinex with
// the user's key, or the simulated exchange in paper mode), IBRR, the lending loop and the contract's
// handlers. Both shells (Electron, browser host) call this and only adapt what it returns.
import { join } from 'node:path'
import { lastKnownAccountSchema, type ServiceStatus } from '../../shared/contract'
import { DEFAULT_VAULT_AUTO_LOCK_MINUTES, enabledCurrencies } from '../../shared/settings'
import { plan as ibrrPlan } from '../ibrr'
import { createBitfinexExchange } from '../exchange/bitfinex'
import type { FundingExchange } from '../exchange/port'
import { verifyKey } from '../exchange/verifyKey'
import type { AppCore } from './appCore'
import { systemClock, type Clock } from '../platform/clock'
import { DecisionLog } from './decisionLog'
import { EventHub } from './events'
import { createHandlers, type BacktestRunner } from './handlers'
import { createAccountViews } from './account/accountViews'
import { LatestCycle, toCycleSnapshot } from './lending/cycleSnapshot'
import { LoanTracker } from './earnings/loanTracker'
import { shadowObservation } from './earnings/shadowBenchmark'
import { openShadowStore } from './storage/shadowStore'
import { createOwnHistoryStore, FillRecorder } from './learning'
import { unseenReturnLives } from './learning/unseenReturns'
import type { PlanFn } from './lending/cycle'
import { LendingService } from './lending/service'
import type { Logger } from '../platform/logger'
import type { Redactor } from './logging'
import { createPaperExchange, paperBalancesSchema, type PaperExchange } from './paperMode'
import { createSnapshotStore } from './storage/snapshotStore'
import { toUserError } from './userError'
import {
  createConfBackend,
  createHistoryStore,
  createRuntimeStateStore,
  createSettingsStore,
  type KeyValueBackend
} from './storage'
import { createVault, type Credentials, type SecretCipher } from './vault'

interface CreateAppCoreOptions {
  /** The app's own folder: key file, settings, history, logs. */
  dataDir: string
  /** The OS key store (Electron safeStorage), or null under plain Node. */
  osCipher: SecretCipher | null
  logger: Logger
  /** Shared with the logger so the key and secret are masked in every log line. */
  redactor?: Redactor
  /** electron-store in the desktop shell; conf in dataDir by default. */
  storeBackend?: (name: string) => KeyValueBackend
  clock?: Clock
  random?: () => number
  /** Bitfinex hosts; tests point both at the local test exchange. */
  bitfinexUrls?: { auth: string; public: string }
  /** Paper mode replays this recorded folder instead of live public data. */
  paperDataDir?: string
  /** Versions for diagnostics (app, electron, node, os). */
  versions?: Record<string, string>
  plan?: PlanFn
  /** The backtest engine, passed in by the shells that offer it (it sits a layer above the core). */
  runBacktest?: BacktestRunner
}

export async function createAppCore(opts: CreateAppCoreOptions): Promise<AppCore> {
  const clock = opts.clock ?? systemClock
  const random = opts.random ?? Math.random
  const { logger } = opts
  const backend = opts.storeBackend ?? ((name: string) => createConfBackend({ cwd: opts.dataDir, name }))
  const settingsStore = createSettingsStore({ backend: backend('settings'), logger, clock })
  const history = createHistoryStore({ dir: opts.dataDir, logger, clock })
  const runtime = createRuntimeStateStore({ backend: backend('runtime'), logger, clock })
  const hub = new EventHub()
  // The last-known account (tens of KB with four currencies) is shown only while locked or offline:
  // every 10 minutes and at shutdown is enough, instead of a rewrite every cycle.
  const lastKnown = createSnapshotStore({
    backend: backend('last-account'),
    schema: lastKnownAccountSchema,
    logger,
    label: 'last known account',
    minWriteInterval: { clock, ms: 10 * 60_000 }
  })
  const paperSaved = createSnapshotStore({ backend: backend('paper-account'), schema: paperBalancesSchema, logger, label: 'paper account' })

  // Signing uses the candidate key while it is being verified, then the vault's stored key.
  let candidate: Credentials | null = null
  const vault = createVault({
    dir: opts.dataDir,
    osCipher: opts.osCipher,
    clock,
    logger,
    redactor: opts.redactor,
    // 0 or unset in old settings files: the default; the vault never locks while the loop runs.
    autoLockMs: () => (settingsStore.get().vaultAutoLockMinutes ?? DEFAULT_VAULT_AUTO_LOCK_MINUTES) * 60_000 || null,
    verify: async (creds) => {
      candidate = creds
      try {
        return await verifyKey(bitfinex)
      } finally {
        candidate = null
      }
    }
  })
  const bitfinex = createBitfinexExchange({
    credentials: () => (candidate ? Promise.resolve(candidate) : vault.credentials()),
    authUrl: opts.bitfinexUrls?.auth,
    publicUrl: opts.bitfinexUrls?.public,
    clock,
    nonceStore: runtime.nonceStore,
    logger,
    random
  })

  let mode: 'live' | 'paper' = runtime.lastRunState()?.mode ?? 'live'
  let paper: PaperExchange | null = null
  const paperExchange = async (): Promise<PaperExchange> => {
    paper ??= await createPaperExchange({ clock, publicSource: bitfinex, dataDir: opts.paperDataDir, saved: paperSaved })
    return paper
  }
  /** The exchange the loop and the dashboard use in the current mode. */
  const exchange = async (): Promise<FundingExchange> => {
    if (mode === 'paper') {
      const p = await paperExchange()
      await p.sync()
      return p.exchange
    }
    await vault.credentials() // throws a sentence when there is no usable key (none stored, locked, ...)
    return bitfinex
  }

  const loans = new LoanTracker()
  // Live loans last seen before this run: the first read compares with them, so what was returned while
  // the app was closed is recorded too. (Paper loans are not kept across runs: not news.)
  const known = mode === 'live' ? lastKnown.get() : null
  if (known?.mode === 'live') for (const c of known.account) loans.seed(c.currency, c.loans, known.at)
  // Their offers' reasons too, so the first cycle's dashboard does not wait for the whole history to be read.
  if (known?.mode === 'live') history.seedOfferReasons(known.account.flatMap((c) => c.offers.map((o): [number, string | null] => [o.id, o.reason])))
  // The auto-renew shadow benchmark: what auto-renew at FRR would have earned (fed after every cycle).
  const shadow = openShadowStore({ dir: opts.dataDir, logger, clock })
  // The user reads about a damaged record where they read the history (as for the history's own files).
  if (shadow.notice) history.record({ kind: 'error', currency: 'all', dryRun: false, message: shadow.notice })
  const plan: PlanFn = opts.plan ?? ibrrPlan
  // Paper mode learns into its own record, never into the live one.
  const learningStore = (m: 'live' | 'paper') =>
    createOwnHistoryStore({ path: join(opts.dataDir, `learning-${m}.jsonl`), logger, clock, label: `${m === 'live' ? 'fill-learning' : 'paper fill-learning'} record` })
  const liveLearning = learningStore('live')
  const learning = new FillRecorder({ live: liveLearning, paper: learningStore('paper') }, () => mode)
  const decisions = new DecisionLog(
    history,
    (e) => hub.emit('activity', e),
    (d) => hub.emit('decision', d)
  )
  const accounts = createAccountViews({
    clock,
    loans,
    decisions,
    history,
    reserve: (currency) => settingsStore.get().currencies[currency].reserve,
    fillModel: (currency) => learning.describe(currency, clock.now()),
    learnUnseenReturns: (currency, returned, lastSeenAt) => {
      liveLearning.add([], unseenReturnLives(currency, returned, lastSeenAt))
      liveLearning.flush()
    }
  })
  const latestCycle = new LatestCycle()

  const service = new LendingService({
    clock,
    random,
    logger,
    plan,
    exchange,
    settings: () => settingsStore.get(),
    mode: () => mode,
    record: (d) => decisions.record(d),
    flushDecisions: () => decisions.flush(),
    rememberReason: (id, reason) => history.setOfferReason(id, reason),
    onStatus: (s: ServiceStatus) => {
      // The decrypted key is kept only while the loop runs, and dropped when it stops.
      vault.setInUse(service.isRunning)
      hub.emit('status', s)
    },
    onError: (e) => hub.emit('error', e),
    // The dashboard gets the market and the account the cycle acted on, without reading either again.
    onCycleDone: (outcome) => {
      // The shadow benchmark reads the market and the account this cycle planned on: no request of its own.
      const settings = settingsStore.get()
      for (const r of outcome.results) {
        const observed = shadowObservation(r.market, r.account, settings, r.market.takenAt)
        if (observed) shadow.observe(mode, r.currency, observed)
      }
      shadow.persist()
      const snapshot = toCycleSnapshot(outcome, mode, accounts.fromCycle)
      latestCycle.set(snapshot)
      hub.emit('cycleSnapshot', snapshot)
      // Every enabled currency read: the whole account is known (as getAccount would have read it).
      if (snapshot.currencies.length === outcome.enabled.length) {
        const account = snapshot.currencies.map((c) => c.account)
        hub.emit('account', account)
        lastKnown.set({ at: snapshot.takenAt, mode, account })
        lastKnown.flush()
      }
      void paper?.save()
    },
    // Read the account again after the user's cancel-all so the dashboard shows what is really open now.
    onOffersCancelled: () => {
      latestCycle.forget()
      void handlers.getAccount(undefined).then(
        (a) => {
          hub.emit('account', a)
          lastKnown.flush()
        },
        () => {}
      )
      void paper?.save()
    },
    learning
  })

  /** Lending was running at the last close and waits for the passphrase to start again. */
  let resumePending = false
  let shuttingDown: Promise<void> | null = null
  const resume = async (why: string): Promise<void> => {
    resumePending = false
    logger.log('info', why)
    try {
      await handlers.startLending(undefined)
    } catch (err) {
      const ue = toUserError(err)
      if (ue.kind === 'vaultLocked') {
        resumePending = true
        service.awaitUnlock()
      } else {
        logger.log('warn', 'could not resume lending', { kind: ue.kind, message: ue.message })
        hub.emit('error', { message: `LendPace could not resume lending: ${ue.message}`, kind: ue.kind, currency: null })
      }
    }
  }

  const handlers = createHandlers({
    runBacktest: opts.runBacktest,
    clock,
    logger,
    service,
    vault,
    settingsStore,
    history,
    decisions,
    runtime,
    accounts,
    latestCycle,
    exchange,
    publicExchange: () => (mode === 'paper' ? paperExchange().then((p) => p.exchange) : Promise.resolve(bitfinex)),
    mode: () => mode,
    setMode: async (next) => {
      if (next === mode) return
      if (service.isRunning) await service.stop()
      resumePending = false
      mode = next
      // Paper and live loans are different accounts: the switch itself is neither a fill nor a return.
      loans.reset()
      runtime.setRunState(false, mode)
    },
    emit: hub.emit.bind(hub),
    versions: opts.versions ?? {},
    dataDir: opts.dataDir,
    logDir: join(opts.dataDir, 'logs'),
    lastKnown,
    shadow,
    afterUnlock: () => (resumePending ? resume('vault unlocked: resuming lending as it was when the app closed') : Promise.resolve())
  })

  logger.log('info', 'core ready', { mode, currencies: enabledCurrencies(settingsStore.get()) })
  // Lending that was running when the app closed starts again now (or right after the unlock it needs).
  if (runtime.lastRunState()?.running) void resume('resuming lending: it was running when the app last closed')

  return {
    handlers,
    subscribe: (l) => hub.subscribe(l),
    status: () => service.status(),
    settings: () => settingsStore.get(),
    start: () => handlers.startLending(undefined),
    stop: () => handlers.stopLending(undefined),
    runCycleNow: (reason) => service.runCycleNow(reason),
    // Once, however often it is asked (a second signal during a slow hand-over must not record "stopped").
    shutdown() {
      shuttingDown ??= (async () => {
        const wasRunning = service.isRunning || resumePending
        await service.shutdown()
        await paper?.save()
        shadow.close()
        lastKnown.flush(true)
        runtime.setRunState(wasRunning, mode)
      })()
      return shuttingDown
    },
    wasRunningAtLastExit: () => runtime.lastRunState()?.running ?? false
  }
}
