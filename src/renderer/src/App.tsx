// The shell: boots the store, applies the theme, and shows one page at a time beside the navigation.
import { useEffect } from 'react'
import type { Settings } from '../../shared/settings'
import { Notice } from './components/Feedback'
import { STATE_LABEL } from './components/StatusPanel'
import { UpdateNotice } from './components/UpdateNotice'
import { BacktestPage } from './pages/Backtest'
import { Dashboard } from './pages/Dashboard'
import { EarningsPage } from './pages/Earnings'
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
  { page: 'onboarding', label: 'Connect Bitfinex' }
]

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
            <button type="button" className="button" onClick={() => void boot()} disabled={bootBusy}>
              Try again
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
          <div className={`sidebar-status pill-${status.state}`} data-testid="sidebar-status">
            {STATE_LABEL[status.state]}
            {status.mode === 'paper' ? ' · paper' : ''}
          </div>
        ) : null}
        <ul>
          {NAV.map((item) => (
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
        <p className="sidebar-foot muted small">Your key never leaves this computer.</p>
      </nav>
      <main className="content">
        <UpdateNotice />
        <CurrentPage page={page} />
      </main>
    </div>
  )
}
