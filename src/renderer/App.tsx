// The shell: boots the store, applies the theme, and shows one page at a time beside the navigation.
import { useEffect } from 'react'
import type { ServiceStatus, VaultStatus } from '../shared/contract'
import type { Settings } from '../shared/settings'
import { ErrorText, Notice } from './components/Feedback'
import { formatTime } from './format'
import { STATE_LABEL } from './components/StatusPanel'
import { UpdateNotice } from './components/UpdateNotice'
import { BacktestPage } from './pages/Backtest'
import { Dashboard } from './pages/Dashboard'
import { EarningsPage } from './pages/Earnings'
import { HelpPage } from './pages/Help'
import { KeyPage } from './pages/KeyPage'
import { Onboarding } from './pages/Onboarding'
import { SettingsPage } from './pages/Settings'
import { useAppStore, type Page } from './store/appStore'

const NAV: Array<{ page: Page; label: string }> = [
  { page: 'dashboard', label: 'Dashboard' },
  { page: 'earnings', label: 'Earnings' },
  { page: 'backtest', label: 'Backtest' },
  { page: 'settings', label: 'Settings' },
  { page: 'key', label: 'API key' },
  { page: 'onboarding', label: 'Connect Bitfinex' },
  { page: 'help', label: 'Security & help' }
]

/** "API key" once a key is stored, "Connect Bitfinex" until then: never both. */
const navItems = (vault: VaultStatus | null) => NAV.filter((item) => (item.page === 'key' ? Boolean(vault?.stored) : item.page === 'onboarding' ? !vault?.stored : true))

/** Paper or live, switchable at any time; switching stops lending in the mode being left. */
function ModeSwitch({ status }: { status: ServiceStatus }) {
  const switchMode = useAppStore((s) => s.switchMode)
  const busy = useAppStore((s) => s.busy.mode)
  const error = useAppStore((s) => s.errors.mode)
  const page = useAppStore((s) => s.page)
  return (
    <fieldset className="mode-switch" data-testid="mode-switch">
      <legend className="small">Mode</legend>
      {(['paper', 'live'] as const).map((mode) => (
        <label key={mode} className={`mode-option ${status.mode === mode ? 'active' : ''}`}>
          <input
            type="radio"
            name="mode"
            value={mode}
            checked={status.mode === mode}
            disabled={busy}
            onChange={() => void switchMode(mode)}
            data-testid={`mode-${mode}`}
          />
          {mode === 'paper' ? 'Paper' : 'Live'}
        </label>
      ))}
      <p className="small sidebar-note">Switching stops lending in the other mode; press Start in the new one.</p>
      {page === 'onboarding' ? null : <ErrorText message={error} />}
    </fieldset>
  )
}

function useTheme(theme: Settings['theme'] | undefined): void {
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)')
    const apply = () => {
      const resolved = theme === 'light' || theme === 'dark' ? theme : media.matches ? 'dark' : 'light'
      document.documentElement.dataset.theme = resolved
    }
    apply()
    media.addEventListener('change', apply)
    return () => media.removeEventListener('change', apply)
  }, [theme])
}

function CurrentPage({ page }: { page: Page }) {
  switch (page) {
    case 'onboarding':
      return <Onboarding />
    case 'dashboard':
      return <Dashboard />
    case 'earnings':
      return <EarningsPage />
    case 'settings':
      return <SettingsPage />
    case 'backtest':
      return <BacktestPage />
    case 'key':
      return <KeyPage />
    case 'help':
      return <HelpPage />
  }
}

export function App() {
  const booted = useAppStore((s) => s.booted)
  const page = useAppStore((s) => s.page)
  const status = useAppStore((s) => s.status)
  const theme = useAppStore((s) => s.settings?.theme)
  const bootError = useAppStore((s) => s.errors.boot)
  const bootBusy = useAppStore((s) => s.busy.boot)
  const boot = useAppStore((s) => s.boot)
  const navigate = useAppStore((s) => s.navigate)
  const vault = useAppStore((s) => s.vault)
  const connection = useAppStore((s) => s.connection)
  useTheme(theme)

  useEffect(() => {
    void boot()
  }, [boot])

  if (!booted)
    return (
      <main className="boot" data-testid="boot">
        <h1>LendPace</h1>
        {bootError ? (
          <>
            <Notice tone="danger" testId="boot-error">
              {bootError}
            </Notice>
            <p className="muted small">LendPace keeps trying by itself.</p>
            <button type="button" className="button" onClick={() => void boot()} disabled={bootBusy}>
              Try again now
            </button>
          </>
        ) : (
          <p className="muted">Connecting to the LendPace service…</p>
        )}
      </main>
    )

  return (
    <div className="app">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">LendPace</div>
        {status ? (
          <div className={`sidebar-status pill-${connection.up ? status.state : 'lost'}`} data-testid="sidebar-status">
            {connection.up ? STATE_LABEL[status.state] : 'Not connected'}
            {status.mode === 'paper' ? ' · paper' : ''}
          </div>
        ) : null}
        <ul>
          {navItems(vault).map((item) => (
            <li key={item.page}>
              <button
                type="button"
                className={`nav-link ${page === item.page ? 'active' : ''}`}
                aria-current={page === item.page ? 'page' : undefined}
                onClick={() => navigate(item.page)}
                data-testid={`nav-${item.page}`}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
        {status ? <ModeSwitch status={status} /> : null}
        <p className="sidebar-foot small">Your key never leaves this computer.</p>
      </nav>
      <main className="content">
        <UpdateNotice />
        {connection.up ? null : (
          <Notice tone="danger" testId="connection-lost">
            LendPace's service stopped answering{connection.lostAt ? ` at ${formatTime(connection.lostAt)}` : ''}. What this window shows is
            from then. It reconnects by itself as soon as the service is back.
          </Notice>
        )}
        <CurrentPage page={page} />
      </main>
    </div>
  )
}
