// The renderer's single source of truth. Pages read slices of it and call its actions; only the actions
// talk to the bridge. Every failure becomes a sentence stored under the action's name, so the page that
// triggered it can show it next to the button that caused it.
import { create } from 'zustand'
import type {
  AddKeyRequest,
  BacktestReport,
  CurrencySummary,
  EarningsView,
  MarketView,
  RequestOf,
  ServiceStatus,
  VaultStatus
} from '../../../shared/contract'
import type { Currency, Decision, KeyCheck } from '../../../shared/domain'
import { CURRENCIES } from '../../../shared/domain'
import type { Settings, SettingsPatch } from '../../../shared/settings'
import { getApi, userMessage } from '../bridge'

export type Page = 'onboarding' | 'dashboard' | 'earnings' | 'settings' | 'backtest' | 'key'

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
  | 'activity'

/** One line of the activity log: a decision of the loop or an error it reported. */
export interface ActivityEntry {
  id: string
  at: number
  kind: Decision['kind']
  currency: string
  message: string
  dryRun: boolean
}

export type ActionResult<T> = { ok: true; value: T } | { ok: false; message: string }

const MAX_ACTIVITY = 300

export interface AppState {
  page: Page
  booted: boolean
  status: ServiceStatus | null
  settings: Settings | null
  vault: VaultStatus | null
  account: CurrencySummary[]
  markets: Partial<Record<Currency, MarketView>>
  earnings: Partial<Record<Currency, EarningsView>>
  activity: ActivityEntry[]
  backtest: BacktestReport | null
  lastKeyCheck: KeyCheck | null
  busy: Partial<Record<ActionName, boolean>>
  errors: Partial<Record<ActionName, string>>

  navigate(page: Page): void
  boot(): Promise<void>
  refreshAccount(): Promise<void>
  refreshMarkets(): Promise<void>
  refreshEarnings(currency?: Currency): Promise<void>
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
  clearError(action: ActionName): void
  clearKeyCheck(): void
}

export function enabledCurrencies(settings: Settings | null): Currency[] {
  if (!settings) return ['USD']
  const enabled = CURRENCIES.filter((c) => settings.currencies[c].enabled)
  return enabled.length > 0 ? enabled : ['USD']
}

const decisionToActivity = (d: Decision): ActivityEntry => ({
  id: d.id,
  at: d.at,
  kind: d.kind,
  currency: d.currency,
  message: d.message,
  dryRun: d.dryRun
})

const newestFirst = (entries: ActivityEntry[]): ActivityEntry[] =>
  [...entries].sort((a, b) => b.at - a.at).slice(0, MAX_ACTIVITY)

let unsubscribers: Array<() => void> = []
let errorSeq = 0

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
      set((s) => ({ busy: { ...s.busy, [action]: false }, errors: { ...s.errors, [action]: message } }))
      return { ok: false, message }
    }
  }

  function subscribe(): void {
    for (const off of unsubscribers) off()
    const api = getApi()
    unsubscribers = [
      api.on('status', (status) => {
        const previous = get().status
        set({ status })
        // A finished cycle changes offers, the book and maybe earnings: refresh what the events do not carry.
        if (status.lastCycleAt !== previous?.lastCycleAt) {
          void get().refreshMarkets()
          void get().refreshEarnings()
        }
      }),
      api.on('account', (account) => set({ account })),
      api.on('decision', (decision) =>
        set((s) => ({ activity: newestFirst([decisionToActivity(decision), ...s.activity.filter((a) => a.id !== decision.id)]) }))
      ),
      api.on('error', (error) => {
        const at = Date.now()
        set((s) => ({
          activity: newestFirst([
            {
              id: `error-${at}-${errorSeq++}`,
              at,
              kind: 'error',
              currency: error.currency ?? '',
              message: error.message,
              dryRun: false
            },
            ...s.activity
          ])
        }))
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
      void get().refreshAccount()
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
    activity: [],
    backtest: null,
    lastKeyCheck: null,
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
      if (!result.ok) return
      const { status, settings, vault } = result.value
      const needsOnboarding = !vault.stored && status.mode === 'live'
      set({ status, settings, vault, booted: true, page: needsOnboarding ? 'onboarding' : 'dashboard' })
      subscribe()
      const decisions = await run('activity', () => getApi().listDecisions({ limit: 200 }))
      if (decisions.ok) set((s) => ({ activity: newestFirst([...decisions.value.map(decisionToActivity), ...s.activity]) }))
      await Promise.all([get().refreshAccount(), get().refreshMarkets(), get().refreshEarnings()])
    },

    async refreshAccount() {
      const result = await run('account', () => getApi().getAccount())
      if (result.ok) set({ account: result.value })
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

    async tryPaperMode() {
      const result = await startIn('paper')
      if (result.ok) {
        // The simulated market and its earnings replace the real ones at once.
        void get().refreshMarkets()
        void get().refreshEarnings()
      }
      return result
    },

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
      if (result.ok) set({ vault: result.value })
      return result
    },

    async saveSettings(patch) {
      const result = await run('settings', () => getApi().updateSettings(patch))
      if (result.ok) {
        set({ settings: result.value })
        void get().refreshMarkets()
      }
      return result
    },

    exportEarningsCsv: (currency) => run('export', () => getApi().exportEarningsCsv({ currency })),

    async runBacktest(request) {
      const result = await run('backtest', () => getApi().runBacktest(request))
      if (result.ok) set({ backtest: result.value })
      return result
    }
  }
})
