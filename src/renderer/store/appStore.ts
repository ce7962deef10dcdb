// The renderer's single source of truth. Pages read slices of it and call its actions; only the actions
// talk to the bridge. Every failure becomes a sentence stored under the action's name, so the page that
// triggered it can show it next to the button that caused it.
import { create } from 'zustand'
import type {
  AddKeyRequest,
  BacktestFolderCheck,
  BacktestReport,
  CurrencySummary,
  CycleSnapshot,
  EarningsGlance,
  EarningsView,
  LastKnownAccount,
  MarketView,
  RequestOf,
  ResponseOf,
  ServiceStatus,
  VaultStatus
} from '../../shared/contract'
import type { Currency, KeyCheck } from '../../shared/domain'
import { enabledCurrencies as enabledInSettings, type Settings, type SettingsPatch } from '../../shared/settings'
import { BridgeError, getApi, userMessage } from '../bridge'
import { watchConnection, type ConnectionWatch } from '../connection'

export type Page = 'onboarding' | 'dashboard' | 'earnings' | 'settings' | 'backtest' | 'key' | 'help'

export type ActionName =
  | 'boot'
  | 'start'
  | 'stop'
  | 'mode'
  | 'addKey'
  | 'deleteKey'
  | 'unlock'
  | 'settings'
  | 'account'
  | 'market'
  | 'earnings'
  | 'export'
  | 'backtest'
  | 'backtestFolder'
  | 'glance'
  | 'cancelAll'

export type ActionResult<T> = { ok: true; value: T } | { ok: false; message: string }

export interface AppState {
  page: Page
  booted: boolean
  status: ServiceStatus | null
  settings: Settings | null
  vault: VaultStatus | null
  account: CurrencySummary[]
  markets: Partial<Record<Currency, MarketView>>
  earnings: Partial<Record<Currency, EarningsView>>
  backtest: BacktestReport | null
  lastKeyCheck: KeyCheck | null
  /** Is the LendPace service answering? While not, everything shown is as of `lostAt`. */
  connection: { up: boolean; lostAt: number | null }
  /** The account as the last run saw it, shown (marked) while the current one cannot be read. */
  lastKnown: LastKnownAccount | null
  /** true once `account` was read from the exchange in this session (not only remembered). */
  accountFresh: boolean
  glance: EarningsGlance | null
  busy: Partial<Record<ActionName, boolean>>
  errors: Partial<Record<ActionName, string>>

  navigate(page: Page): void
  boot(): Promise<void>
  refreshAccount(): Promise<void>
  refreshMarkets(): Promise<void>
  refreshEarnings(currency?: Currency): Promise<void>
  refreshGlance(): Promise<void>
  /** Re-read everything from the service (after a reconnect or an unlock). */
  reload(): Promise<void>
  cancelAllOffers(): Promise<ActionResult<{ cancelled: number }>>
  /** Switch between paper and live without starting; live without a key leads to onboarding. */
  switchMode(mode: ServiceStatus['mode']): Promise<ActionResult<ServiceStatus>>
  start(): Promise<ActionResult<ServiceStatus>>
  stop(): Promise<ActionResult<ServiceStatus>>
  tryPaperMode(): Promise<ActionResult<ServiceStatus>>
  goLive(): Promise<ActionResult<ServiceStatus>>
  addKey(request: AddKeyRequest): Promise<ActionResult<KeyCheck>>
  deleteKey(): Promise<ActionResult<VaultStatus>>
  unlockVault(passphrase: string): Promise<ActionResult<VaultStatus>>
  saveSettings(patch: SettingsPatch): Promise<ActionResult<Settings>>
  exportEarningsCsv(currency?: Currency): Promise<ActionResult<{ filename: string; csv: string }>>
  runBacktest(request: RequestOf<'runBacktest'>): Promise<ActionResult<BacktestReport>>
  /** The folders a backtest may read here, and whether a folder dialog is available (desktop). */
  listBacktestFolders(): Promise<ActionResult<ResponseOf<'listBacktestFolders'>>>
  chooseBacktestFolder(): Promise<ActionResult<ResponseOf<'chooseBacktestFolder'>>>
  checkBacktestFolder(request: RequestOf<'checkBacktestFolder'>): Promise<ActionResult<BacktestFolderCheck>>
  clearError(action: ActionName): void
  clearKeyCheck(): void
}

/** The currencies the pages show: the enabled ones, or USD before the settings are read and when none is enabled. */
export function enabledCurrencies(settings: Settings | null): Currency[] {
  const enabled = settings ? enabledInSettings(settings) : []
  return enabled.length > 0 ? enabled : ['USD']
}

let unsubscribers: Array<() => void> = []
let connectionWatch: ConnectionWatch | null = null
let bootRetry: ReturnType<typeof setTimeout> | null = null
/** Retry a boot that could not reach the service this often, so the window connects by itself. */
const BOOT_RETRY_MS = 2000

/** The service did not answer at all: the connection banner says so, not every button on the page. */
const unreachable = (error: unknown): boolean => error instanceof BridgeError && error.kind === 'serviceUnreachable'

/** Errors a fresh, successful read makes obsolete (a refused Start while the key was locked, ...). */
const STALE_AFTER_RELOAD: ActionName[] = ['start', 'stop', 'account', 'market', 'earnings', 'glance', 'mode']

/**
 * A cycle's snapshot in the state: the market it planned on and the account it left, per currency it reached.
 * Currencies it did not reach (an error, a ban) keep what was shown before; a currency switched off is dropped.
 */
function withCycle(s: Pick<AppState, 'markets' | 'account' | 'settings' | 'errors'>, snapshot: CycleSnapshot): Pick<AppState, 'markets' | 'account' | 'accountFresh' | 'errors'> {
  const reached = new Map(snapshot.currencies.map((c) => [c.currency, c]))
  const enabled = enabledCurrencies(s.settings)
  const kept = s.account.filter((a) => !reached.has(a.currency) && enabled.includes(a.currency))
  return {
    markets: { ...s.markets, ...Object.fromEntries(snapshot.currencies.map((c) => [c.currency, c.market])) },
    account: [...snapshot.currencies.map((c) => c.account), ...kept].sort((a, b) => enabled.indexOf(a.currency) - enabled.indexOf(b.currency)),
    accountFresh: true,
    errors: { ...s.errors, market: undefined, account: undefined }
  }
}

export const useAppStore = create<AppState>()((set, get) => {
  /** Run one bridge action with busy/error bookkeeping; never throws. */
  async function run<T>(action: ActionName, fn: () => Promise<T>): Promise<ActionResult<T>> {
    set((s) => ({ busy: { ...s.busy, [action]: true }, errors: { ...s.errors, [action]: undefined } }))
    try {
      const value = await fn()
      set((s) => ({ busy: { ...s.busy, [action]: false } }))
      return { ok: true, value }
    } catch (error) {
      const message = userMessage(error)
      if (unreachable(error)) {
        connectionWatch?.checkNow()
        set((s) => ({ busy: { ...s.busy, [action]: false } }))
      } else set((s) => ({ busy: { ...s.busy, [action]: false }, errors: { ...s.errors, [action]: message } }))
      return { ok: false, message }
    }
  }

  function startWatching(): void {
    connectionWatch?.stop()
    connectionWatch = watchConnection({
      ping: () => getApi().ping().then((r) => r.instance),
      onLost: (at) => set({ connection: { up: false, lostAt: at } }),
      onBack: () => {
        set({ connection: { up: true, lostAt: null } })
        subscribe()
        void get().reload()
      }
    })
  }

  function subscribe(): void {
    for (const off of unsubscribers) off()
    const api = getApi()
    unsubscribers = [
      api.on('status', (status) => set((s) => ({ status, errors: status.state === 'running' ? { ...s.errors, start: undefined } : s.errors }))),
      api.on('account', (account) => set((s) => ({ account, accountFresh: true, errors: { ...s.errors, account: undefined } }))),
      api.on('cycleSnapshot', (snapshot) => {
        set((s) => withCycle(s, snapshot))
        // Earnings come from Bitfinex's ledger, which the cycle does not read; their account part is the cycle's.
        void get().refreshEarnings()
        void get().refreshGlance()
      })
    ]
  }

  /** Switch mode and start lending in it; on success the dashboard shows the new mode's account. */
  async function startIn(mode: ServiceStatus['mode']): Promise<ActionResult<ServiceStatus>> {
    const result = await run('mode', async () => {
      await getApi().setMode({ mode })
      return getApi().startLending()
    })
    if (result.ok) {
      set({ status: result.value, page: 'dashboard' })
      void get().reload()
    }
    return result
  }

  return {
    page: 'dashboard',
    booted: false,
    status: null,
    settings: null,
    vault: null,
    account: [],
    markets: {},
    earnings: {},
    backtest: null,
    lastKeyCheck: null,
    connection: { up: true, lostAt: null },
    lastKnown: null,
    accountFresh: false,
    glance: null,
    busy: {},
    errors: {},

    navigate: (page) => set({ page, lastKeyCheck: null }),
    clearKeyCheck: () => set({ lastKeyCheck: null }),
    clearError: (action) => set((s) => ({ errors: { ...s.errors, [action]: undefined } })),

    async boot() {
      const result = await run('boot', async () => {
        const api = getApi()
        const [status, settings, vault] = await Promise.all([api.getStatus(), api.getSettings(), api.getVaultStatus()])
        return { status, settings, vault }
      })
      if (bootRetry) clearTimeout(bootRetry)
      if (!result.ok) {
        // The service may still be starting (or restarting): keep trying by ourselves.
        bootRetry = setTimeout(() => void get().boot(), BOOT_RETRY_MS)
        return
      }
      const { status, settings, vault } = result.value
      const needsOnboarding = !vault.stored && status.mode === 'live'
      set({ status, settings, vault, booted: true, page: needsOnboarding ? 'onboarding' : 'dashboard' })
      subscribe()
      startWatching()
      await get().reload()
    },

    async reload() {
      const api = getApi()
      const core = await run('boot', async () => {
        const [status, settings, vault, lastKnown] = await Promise.all([api.getStatus(), api.getSettings(), api.getVaultStatus(), api.getLastKnownAccount()])
        return { status, settings, vault, lastKnown }
      })
      if (!core.ok) return
      set((s) => ({ ...core.value, errors: Object.fromEntries(Object.entries(s.errors).filter(([k]) => !STALE_AFTER_RELOAD.includes(k as ActionName))) }))
      await Promise.all([get().refreshAccount(), get().refreshMarkets(), get().refreshEarnings(), get().refreshGlance()])
    },

    async refreshAccount() {
      const result = await run('account', () => getApi().getAccount())
      // A failed read leaves what was shown before as "last known", marked with its time, not as current.
      set(result.ok ? { account: result.value, accountFresh: true } : { accountFresh: false })
    },

    async refreshGlance() {
      const result = await run('glance', () => getApi().getEarningsGlance())
      if (result.ok) set({ glance: result.value })
    },

    async cancelAllOffers() {
      const result = await run('cancelAll', () => getApi().cancelAllOffers())
      if (result.ok) void get().refreshAccount()
      return result
    },

    async switchMode(mode) {
      const result = await run('mode', () => getApi().setMode({ mode }))
      if (!result.ok) return result
      set({ status: result.value, account: [], accountFresh: false, markets: {}, earnings: {}, glance: null })
      if (mode === 'live' && !get().vault?.stored) set({ page: 'onboarding' })
      void get().reload()
      return result
    },

    async refreshMarkets() {
      const currencies = enabledCurrencies(get().settings)
      const result = await run('market', () => Promise.all(currencies.map((currency) => getApi().getMarket({ currency }))))
      if (result.ok) set((s) => ({ markets: { ...s.markets, ...Object.fromEntries(result.value.map((m) => [m.currency, m])) } }))
    },

    async refreshEarnings(currency) {
      const currencies = currency ? [currency] : enabledCurrencies(get().settings)
      const result = await run('earnings', () => Promise.all(currencies.map((c) => getApi().getEarnings({ currency: c }))))
      if (result.ok) set((s) => ({ earnings: { ...s.earnings, ...Object.fromEntries(result.value.map((e) => [e.currency, e])) } }))
    },

    async start() {
      const result = await run('start', () => getApi().startLending())
      if (result.ok) set({ status: result.value })
      return result
    },

    async stop() {
      const result = await run('stop', () => getApi().stopLending())
      if (result.ok) set({ status: result.value })
      return result
    },

    // startIn reloads everything, so the simulated market and its earnings replace the real ones at once.
    tryPaperMode: () => startIn('paper'),

    goLive: () => startIn('live'),

    async addKey(request) {
      set({ lastKeyCheck: null })
      const result = await run('addKey', () => getApi().addKey(request))
      if (!result.ok) return result
      set({ lastKeyCheck: result.value.check, vault: result.value.status })
      return { ok: true, value: result.value.check }
    },

    async deleteKey() {
      const result = await run('deleteKey', () => getApi().deleteKey())
      if (result.ok) set({ vault: result.value, lastKeyCheck: null })
      return result
    },

    async unlockVault(passphrase) {
      const result = await run('unlock', () => getApi().unlockVault({ passphrase }))
      if (result.ok) {
        set({ vault: result.value })
        // The unlock may have resumed lending: show the account, offers and status as they are now.
        await get().reload()
      }
      return result
    },

    async saveSettings(patch) {
      const result = await run('settings', () => getApi().updateSettings(patch))
      if (result.ok) {
        set({ settings: result.value })
        // While lending runs, the re-plan these settings trigger brings the markets (a newly enabled one too).
        if (get().status?.state !== 'running') void get().refreshMarkets()
      }
      return result
    },

    exportEarningsCsv: (currency) => run('export', () => getApi().exportEarningsCsv({ currency })),

    async runBacktest(request) {
      const result = await run('backtest', () => getApi().runBacktest(request))
      if (result.ok) set({ backtest: result.value })
      return result
    },

    listBacktestFolders: () => run('backtestFolder', () => getApi().listBacktestFolders()),
    chooseBacktestFolder: () => run('backtestFolder', () => getApi().chooseBacktestFolder()),
    checkBacktestFolder: (request) => run('backtestFolder', () => getApi().checkBacktestFolder(request))
  }
})
