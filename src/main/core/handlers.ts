// The contract's handlers: each channel of src/shared/contract.ts mapped onto the core's parts.
// Requests arrive already validated by dispatch(); responses are validated there too.
import type { ContractHandlers, CurrencySummary, EventName, EventOf, LastKnownAccount } from '../../shared/contract'
import type { Currency, FrrPoint, InterestPayment } from '../../shared/domain'
import { CURRENCIES } from '../../shared/domain'
import { randomUUID } from 'node:crypto'
import { isExchangeError } from '../exchange/errors'
import type { FundingExchange } from '../exchange/port'
import { runBacktest } from '../backtest'
import type { Clock } from './clock'
import { summarizeCurrency } from './account/summary'
import { buildEarningsView, earningsCsv, utcDay } from './earnings/earnings'
import { glanceRow, glanceTotal, usdValueOf } from './earnings/glance'
import type { SnapshotStore } from './storage/snapshotStore'
import type { LoanTracker } from './earnings/loanTracker'
import type { LendingService } from './lending/service'
import type { Logger } from './log'
import type { HistoryStore, RuntimeStateStore, SettingsStore } from './storage'
import type { DecisionLog } from './decisionLog'
import { UserFacingError } from './userError'
import type { Vault } from './vault'

export interface HandlerDeps {
  clock: Clock
  logger: Logger
  service: LendingService
  vault: Vault
  settingsStore: SettingsStore
  history: HistoryStore
  decisions: DecisionLog
  runtime: RuntimeStateStore
  loans: LoanTracker
  /** The exchange of the current mode; rejects with a sentence when it cannot be used (no key, locked). */
  exchange: () => Promise<FundingExchange>
  /** Public market data, available without a key. */
  publicExchange: () => Promise<FundingExchange>
  mode: () => 'live' | 'paper'
  setMode: (mode: 'live' | 'paper') => Promise<void>
  emit: <E extends EventName>(event: E, payload: EventOf<E>) => void
  versions: Record<string, string>
  dataDir: string
  logDir: string
  /** The account as last read, shown (marked) while the key is locked or Bitfinex unreachable. */
  lastKnown?: SnapshotStore<LastKnownAccount>
  /** After a successful unlock: resume lending when it was running at the last close. */
  afterUnlock?: () => Promise<void>
}

const LEDGER_PERMISSION = 'Account History (read)'
const FRR_HISTORY_POINTS = 120
/** Bitfinex's funding-stats limit: "limit max 250" (https://docs.bitfinex.com/reference/rest-public-funding-stats). */
const FRR_PAGE = 250
const GLANCE_FRR_DAYS = 30
const FRR_CACHE_MS = 5 * 60_000
const DAY_MS = 86_400_000

const enabledCurrencies = (deps: HandlerDeps): Currency[] =>
  CURRENCIES.filter((c) => deps.settingsStore.get().currencies[c].enabled)

export function createHandlers(deps: HandlerDeps): ContractHandlers {
  const { service, vault, settingsStore, history } = deps
  /** Names this run of the core: a window that sees it change knows everything it shows is from before. */
  const instance = randomUUID()

  async function currencySummary(exchange: FundingExchange, currency: Currency): Promise<CurrencySummary> {
    const [balance, offers, loans] = await Promise.all([
      exchange.lendableBalance(currency),
      exchange.activeOffers(currency),
      exchange.activeLoans(currency)
    ])
    for (const e of deps.loans.observe(currency, loans, deps.clock.now())) history.addEarningsEvent(e)
    return summarizeCurrency({
      currency,
      balance,
      offers,
      loans,
      reserve: settingsStore.get().currencies[currency].reserve,
      reasonFor: (id) => history.offerReason(id)
    })
  }

  /** Interest payments from Bitfinex's ledger, cached; null when the key cannot read the ledger. */
  async function ledgerPayments(currency: Currency): Promise<InterestPayment[] | null> {
    try {
      const exchange = await deps.exchange()
      const since = history.ledgerSyncedThrough(currency) ?? undefined
      const fresh = await exchange.interestPayments(currency, { start: since, limit: 2500 })
      history.mergeInterestPayments(currency, fresh, deps.clock.now())
      return history.interestPayments(currency)
    } catch (err) {
      if (isExchangeError(err) && err.kind === 'permission') return null
      // Offline or rate-limited: what was cached before is still true.
      const cached = history.interestPayments(currency)
      if (cached.length > 0) return cached
      throw err
    }
  }

  /** What the app recorded itself, as payments: returned loans with their estimated interest. */
  const recordedPayments = (currency: Currency): InterestPayment[] =>
    history.earningsEvents(currency).map((e, i) => ({
      id: i + 1,
      currency,
      mts: e.at,
      amount: e.interest,
      description: e.rate !== undefined ? `Estimated by LendPace, rate ${e.rate}` : 'Estimated by LendPace'
    }))

  /** The payments earnings are computed from, and where they come from. */
  async function paymentsFor(currency: Currency): Promise<{ payments: InterestPayment[]; source: 'ledger' | 'recorded' }> {
    const ledger = deps.mode() === 'live' ? await ledgerPayments(currency) : null
    return ledger ? { payments: ledger, source: 'ledger' } : { payments: recordedPayments(currency), source: 'recorded' }
  }

  /** FRR history is hourly: one read every few minutes is as current as it gets, and spares the rate limit. */
  const frrCache = new Map<string, { at: number; points: FrrPoint[] }>()
  async function frrSince(currency: Currency, since: number): Promise<FrrPoint[]> {
    const key = `${deps.mode()}:${currency}`
    const hit = frrCache.get(key)
    if (hit && deps.clock.now() - hit.at < FRR_CACHE_MS) return hit.points
    const points = await fetchFrrSince(currency, since)
    frrCache.set(key, { at: deps.clock.now(), points })
    return points
  }

  /** FRR points since `since`, in pages of Bitfinex's 250-point maximum (hourly points: 3 pages a month). */
  async function fetchFrrSince(currency: Currency, since: number): Promise<FrrPoint[]> {
    const exchange = await deps.publicExchange()
    const out: FrrPoint[] = []
    let end: number | undefined
    for (let page = 0; page < 4; page++) {
      const batch = await exchange.frrHistory(currency, { start: since, end, limit: FRR_PAGE })
      out.push(...batch)
      if (batch.length < FRR_PAGE) break
      end = Math.min(...batch.map((p) => p.mts)) - 1
    }
    return out
  }

  const handlers: ContractHandlers = {
    async getStatus() {
      return service.status()
    },
    async startLending() {
      const status = await service.start()
      deps.runtime.setRunState(true, deps.mode())
      return status
    },
    async stopLending() {
      const status = await service.stop()
      deps.runtime.setRunState(false, deps.mode())
      return status
    },
    async setMode({ mode }) {
      await deps.setMode(mode)
      const status = { ...service.status(), mode, message: mode === 'paper' ? 'Paper mode: simulated money on the real market. Press Start.' : 'Live mode. Press Start to lend.' }
      deps.emit('status', status)
      return status
    },

    async getSettings() {
      return settingsStore.get()
    },
    async updateSettings(patch) {
      const next = settingsStore.update(patch)
      deps.logger.log('info', 'settings updated', { keys: Object.keys(patch) })
      return next
    },

    async getVaultStatus() {
      return vault.status()
    },
    async addKey(req) {
      const wasRunning = service.isRunning && deps.mode() === 'live'
      if (wasRunning) await service.stop()
      const result = await vault.addKey(req)
      if (wasRunning && result.check.accepted) await service.start()
      return result
    },
    async deleteKey() {
      if (deps.mode() === 'live' && service.isRunning) await handlers.stopLending(undefined)
      return vault.deleteKey()
    },
    async unlockVault({ passphrase }) {
      const status = await vault.unlock(passphrase)
      if (!status.locked) await deps.afterUnlock?.()
      return status
    },

    async getAccount() {
      const exchange = await deps.exchange()
      const out: CurrencySummary[] = []
      for (const currency of enabledCurrencies(deps)) out.push(await currencySummary(exchange, currency))
      deps.lastKnown?.set({ at: deps.clock.now(), mode: deps.mode(), account: out })
      return out
    },
    async getMarket({ currency }) {
      const exchange = await deps.publicExchange()
      const [ticker, book, frrHistory] = await Promise.all([
        exchange.ticker(currency),
        exchange.book(currency, 100),
        exchange.frrHistory(currency, { limit: FRR_HISTORY_POINTS }).catch(() => [])
      ])
      return { currency, takenAt: deps.clock.now(), ticker, book, frrHistory }
    },
    async listDecisions({ limit }) {
      return deps.decisions.list(limit)
    },
    async getEarnings({ currency }) {
      const { payments, source } = await paymentsFor(currency)
      const summary = await deps
        .exchange()
        .then((e) => currencySummary(e, currency))
        .catch(() => undefined)
      const frrHistory = await deps
        .publicExchange()
        .then((e) => e.frrHistory(currency, { limit: FRR_HISTORY_POINTS }))
        .catch(() => [])
      return buildEarningsView({
        currency,
        source,
        neededPermission: source === 'ledger' || deps.mode() === 'paper' ? null : LEDGER_PERMISSION,
        payments,
        // The money working now stands in for the average capital over the shown days.
        averageCapital: summary ? summary.lent + summary.offered + (summary.available ?? 0) : null,
        frrHistory
      })
    },
    async exportEarningsCsv({ currency }) {
      const currencies = currency ? [currency] : enabledCurrencies(deps)
      const payments: InterestPayment[] = []
      for (const c of currencies) payments.push(...((deps.mode() === 'live' ? await ledgerPayments(c) : null) ?? recordedPayments(c)))
      return { filename: `lendpace-earnings-${currency ?? 'all'}-${utcDay(deps.clock.now())}.csv`, csv: earningsCsv(payments) }
    },

    async runBacktest({ dataDir, currency, capital }) {
      try {
        return await runBacktest({ dataDir, currency, capital })
      } catch (err) {
        throw new UserFacingError('backtest', err instanceof Error ? err.message : 'The backtest could not run.')
      }
    },
    async getDiagnostics() {
      const settings = settingsStore.get()
      const errors = deps.decisions
        .list(200)
        .filter((d) => d.kind === 'error')
        .slice(0, 20)
        .map((d) => `${new Date(d.at).toISOString()} ${d.currency}: ${d.message}`)
      const vaultStatus = await vault.status()
      const text = [
        'LendPace diagnostics',
        ...Object.entries(deps.versions).map(([k, v]) => `${k}: ${v}`),
        `mode: ${deps.mode()}`,
        `status: ${service.status().state} — ${service.status().message}`,
        `key stored: ${vaultStatus.stored}, backend: ${vaultStatus.backend ?? 'none'}, protected: ${vaultStatus.protected}`,
        `data folder: ${deps.dataDir}`,
        `settings: ${JSON.stringify(settings)}`,
        'last errors:',
        ...(errors.length ? errors : ['(none)'])
      ].join('\n')
      return { text }
    },
    async ping() {
      return { ok: true as const, instance }
    },
    async getLastKnownAccount() {
      const known = deps.lastKnown?.get() ?? null
      return known && known.mode === deps.mode() ? known : null
    },
    async cancelAllOffers() {
      return { cancelled: await service.cancelOpenOffers() }
    },
    async getEarningsGlance() {
      const exchange = await deps.exchange()
      const now = deps.clock.now()
      const rows = []
      for (const currency of enabledCurrencies(deps)) {
        const summary = await currencySummary(exchange, currency)
        const { payments, source } = await paymentsFor(currency)
        const frrHistory = await frrSince(currency, now - GLANCE_FRR_DAYS * DAY_MS).catch(() => [])
        const capital = summary.available === null ? null : summary.lent + summary.offered + summary.available
        rows.push(glanceRow({ currency, source, loans: summary.loans, capital, payments, frrHistory, now }))
      }
      return { at: now, rows: rows.map(({ capital: _capital, ...row }) => row), total: glanceTotal(rows, 'USD', usdValueOf) }
    }
  }
  return handlers
}
