// The contract's handlers: each channel of src/shared/contract.ts mapped onto the core's parts.
// Requests arrive already validated by dispatch(); responses are validated there too.
import type { ContractHandlers, CurrencySummary, EventName, EventOf, LastKnownAccount, RequestOf, ResponseOf } from '../../shared/contract'
import type { Currency, FrrPoint, InterestPayment } from '../../shared/domain'
import { enabledCurrencies } from '../../shared/settings'
import { randomUUID } from 'node:crypto'
import { isExchangeError } from '../exchange/errors'
import type { FundingExchange } from '../exchange/port'
import type { Clock } from '../platform/clock'
import type { AccountViews } from './account/accountViews'
import { buildEarningsView, earningsCsv, ledgerCsvRows, recordedCsvRows, utcDay, type EarningsCsvRow } from './earnings/earnings'
import { glanceRow, glanceTotal, usdValueOf } from './earnings/glance'
import { paymentSentence } from './earnings/loanTracker'
import { actualNetByDay, compareShadow, shadowBenchmark } from './earnings/shadowBenchmark'
import type { ShadowStore } from './storage/shadowStore'
import { DEFAULT_DISPLAY_CURRENCY } from '../../shared/settings'
import type { SnapshotStore } from './storage/snapshotStore'
import type { LatestCycle } from './lending/cycleSnapshot'
import type { LendingService } from './lending/service'
import type { Logger } from '../platform/logger'
import { ACTIVITY_RETENTION_MS, type HistoryStore, type RuntimeStateStore, type SettingsStore } from './storage'
import type { DecisionLog } from './decisionLog'
import { UserFacingError } from './userError'
import type { Vault } from './vault'

/** Runs a backtest on recorded data. The backtest sits above the core (it replays the core's parts), so the
 *  shells that offer it pass it in; without one, the channel says the backtest is not available here. */
export type BacktestRunner = (req: RequestOf<'runBacktest'>) => Promise<ResponseOf<'runBacktest'>>

interface HandlerDeps {
  clock: Clock
  logger: Logger
  service: LendingService
  vault: Vault
  settingsStore: SettingsStore
  history: HistoryStore
  decisions: DecisionLog
  runtime: RuntimeStateStore
  accounts: AccountViews
  /** The last cycle's account: while the loop runs, earnings and the glance use it instead of reading again. */
  latestCycle: LatestCycle
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
  runBacktest?: BacktestRunner
  /** The account as last read, shown (marked) while the key is locked or Bitfinex unreachable. */
  lastKnown?: SnapshotStore<LastKnownAccount>
  /** After a successful unlock: resume lending when it was running at the last close. */
  afterUnlock?: () => Promise<void>
  /** Loans returned while LendPace was not watching, for the learning record (lives known only as bounds). */
  /** The auto-renew shadow benchmark's record (fed by the loop each cycle). */
  shadow?: Pick<ShadowStore, 'state'>
}

const LEDGER_PERMISSION = 'Account History (read)'
const NO_SELF_UPDATE = 'This LendPace does not update itself: update it the way you installed it.'
const FRR_HISTORY_POINTS = 120
/** Bitfinex's funding-stats limit: "limit max 250" (https://docs.bitfinex.com/reference/rest-public-funding-stats). */
const FRR_PAGE = 250
const GLANCE_FRR_DAYS = 30
const FRR_CACHE_MS = 5 * 60_000
const DAY_MS = 86_400_000

export function createHandlers(deps: HandlerDeps): ContractHandlers {
  const { service, vault, settingsStore, history } = deps
  /** Names this run of the core: a window that sees it change knows everything it shows is from before. */
  const instance = randomUUID()

  /**
   * While the loop runs, the account its last cycle left, with that cycle's time (one read per cycle serves
   * every figure); else a read now.
   */
  async function accountNow(exchange: () => Promise<FundingExchange>, currency: Currency): Promise<{ at: number; summary: CurrencySummary }> {
    const planned = service.isRunning ? deps.latestCycle.account(deps.mode(), currency) : null
    return planned ?? { at: deps.clock.now(), summary: await deps.accounts.read(await exchange(), currency) }
  }

  /** Interest payments from Bitfinex's ledger, cached; null when the key cannot read the ledger. */
  async function ledgerPayments(currency: Currency): Promise<InterestPayment[] | null> {
    try {
      const exchange = await deps.exchange()
      const since = history.ledgerSyncedThrough(currency) ?? undefined
      const fresh = history.mergeInterestPayments(currency, await exchange.interestPayments(currency, { start: since, limit: 2500 }))
      // Nothing new: nothing is written. Payments older than the activity history's 90 days stay out of it.
      const recent = fresh.filter((p) => p.mts >= deps.clock.now() - ACTIVITY_RETENTION_MS)
      for (const p of recent) deps.decisions.note({ kind: 'payment', currency, dryRun: false, at: p.mts, amount: p.amount, message: paymentSentence(p.amount, currency) })
      if (fresh.length > 0) history.persist()
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

  /**
   * FRR history is hourly: one read every few minutes is as current as it gets, and only the points newer
   * than those kept are read (one request, not a month's three pages), which spares the 30-a-minute limit.
   */
  const frrCache = new Map<string, { at: number; points: FrrPoint[] }>()
  async function frrSince(currency: Currency, since: number): Promise<FrrPoint[]> {
    const key = `${deps.mode()}:${currency}`
    const hit = frrCache.get(key)
    if (hit && deps.clock.now() - hit.at < FRR_CACHE_MS) return hit.points
    const kept = (hit?.points ?? []).filter((p) => p.mts >= since)
    const newest = kept.reduce((m, p) => Math.max(m, p.mts), since - 1)
    const points = [...kept, ...(await fetchFrrSince(currency, newest + 1))]
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
      const startedAt = deps.clock.now()
      const status = await service.start()
      deps.runtime.setRunState(true, deps.mode())
      // Noted once it succeeded, at the time it began: before the first cycle's lines.
      deps.decisions.note({ kind: 'start', currency: 'all', dryRun: status.dryRun, at: startedAt, message: `Lending started (${deps.mode()} mode).` })
      return status
    },
    async stopLending() {
      const status = await service.stop()
      deps.runtime.setRunState(false, deps.mode())
      deps.decisions.note({ kind: 'stop', currency: 'all', dryRun: status.dryRun, message: settingsStore.get().cancelOffersOnStop ? 'Lending stopped; your open offers were cancelled (your setting).' : 'Lending stopped. Offers already on the book stay there and can still fill.' })
      history.persist()
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
      // The loop re-plans with the new settings now (debounced), not at its next timer cycle.
      service.settingsChanged()
      deps.logger.log('info', 'settings updated', { keys: Object.keys(patch) })
      deps.decisions.note({ kind: 'settings', currency: 'all', dryRun: next.dryRun, message: `Settings changed: ${Object.keys(patch).join(', ')}.` })
      history.persist()
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
      for (const currency of enabledCurrencies(settingsStore.get())) out.push(await deps.accounts.read(exchange, currency))
      deps.lastKnown?.set({ at: deps.clock.now(), mode: deps.mode(), account: out })
      return out
    },
    async getMarket({ currency }) {
      const exchange = await deps.publicExchange()
      const [ticker, book] = await Promise.all([exchange.ticker(currency), exchange.book(currency, 100)])
      return { currency, takenAt: deps.clock.now(), ticker, book }
    },
    async listDecisions({ limit }) {
      return deps.decisions.list(limit)
    },
    async getEarnings({ currency }) {
      const { payments, source } = await paymentsFor(currency)
      const summary = await accountNow(deps.exchange, currency).then((s) => s.summary, () => undefined)
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
    async queryActivity({ lastMs, ...query }) {
      return history.query(lastMs === undefined ? query : { ...query, from: deps.clock.now() - lastMs })
    },
    async exportEarningsCsv({ currency }) {
      const currencies = currency ? [currency] : enabledCurrencies(settingsStore.get())
      const rows: EarningsCsvRow[] = []
      for (const c of currencies) {
        const ledger = deps.mode() === 'live' ? await ledgerPayments(c) : null
        rows.push(...(ledger ? ledgerCsvRows(ledger) : recordedCsvRows(history.earningsEvents(c))))
      }
      return { filename: `lendpace-earnings-${currency ?? 'all'}-${utcDay(deps.clock.now())}.csv`, csv: earningsCsv(rows) }
    },

    async runBacktest(req) {
      if (!deps.runBacktest) throw new UserFacingError('backtest', 'Backtests are not available in this part of LendPace.')
      try {
        return await deps.runBacktest(req)
      } catch (err) {
        throw new UserFacingError('backtest', err instanceof Error ? err.message : 'The backtest could not run.')
      }
    },
    // Which folders a backtest may read is the shells' to say (desktop dialog, browser host options):
    // the core alone knows none, so it reads none.
    listBacktestFolders: async () => ({ canChoose: false, folders: [] }),
    async chooseBacktestFolder() {
      throw new UserFacingError('backtest', 'Choosing a folder with a dialog is only possible in the desktop app.')
    },
    async checkBacktestFolder() {
      throw new UserFacingError('backtest', 'Backtests are not available in this part of LendPace.')
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
        `settings: ${JSON.stringify(settings)}`,
        'last errors:',
        ...(errors.length ? errors : ['(none)'])
      ].join('\n')
      return { text }
    },
    async ping() {
      return { ok: true as const, instance }
    },
    // Only the desktop shell updates itself (it replaces these two); the core alone never does.
    async getUpdateState() {
      return { kind: 'disabled' as const, reason: NO_SELF_UPDATE }
    },
    async restartToUpdate() {
      throw new UserFacingError('updateUnavailable', NO_SELF_UPDATE)
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
      const mode = deps.mode()
      const rows = []
      const shadowRows = []
      let accountAt = now
      // The one-line total is in the display currency: crypto at Bitfinex's trading price (cached by the
      // adapter, the price the loop reads for the 150 USD minimum), or left out and named when that price
      // cannot be read.
      const usdOf = async (c: Currency): Promise<number | null> =>
        usdValueOf(c) ?? (exchange.usdPrice ? await exchange.usdPrice(c).catch(() => null) : null)
      const prices = new Map<Currency, number | null>()
      for (const currency of enabledCurrencies(settingsStore.get())) {
        prices.set(currency, await usdOf(currency))
        const { at, summary } = await accountNow(() => Promise.resolve(exchange), currency)
        accountAt = Math.min(accountAt, at)
        const { payments, source } = await paymentsFor(currency)
        const frrHistory = await frrSince(currency, now - GLANCE_FRR_DAYS * DAY_MS).catch(() => [])
        const capital = summary.available === null ? null : summary.lent + summary.offered + summary.available
        rows.push(glanceRow({ currency, source, loans: summary.loans, capital, payments, frrHistory, now }))
        const state = deps.shadow?.state(mode, currency) ?? null
        const actual = actualNetByDay(source === 'ledger' ? { source, payments } : { source, closed: history.earningsEvents(currency), open: summary.loans }, now)
        shadowRows.push({ currency, state, comparison: state && compareShadow(state, actual, source, now) })
      }
      // Without a price for the chosen display currency the line stays in USD (the page says so).
      const wanted = settingsStore.get().displayCurrency ?? DEFAULT_DISPLAY_CURRENCY
      const wantedUsd = prices.has(wanted) ? (prices.get(wanted) ?? null) : await usdOf(wanted)
      const displayCurrency: Currency = wantedUsd ? wanted : 'USD'
      const unit = wantedUsd ?? 1
      const price = (c: Currency): number | null => {
        const usd = prices.get(c)
        return usd === null || usd === undefined ? null : usd / unit
      }
      return {
        at: now,
        accountAt,
        rows: rows.map(({ capital: _capital, ...row }) => row),
        total: glanceTotal(rows, displayCurrency, price),
        shadow: deps.shadow ? shadowBenchmark({ mode, displayCurrency, rows: shadowRows, price }) : undefined
      }
    }
  }
  return handlers
}
