// At a glance: is the money working, at what rate, what did it earn, and why did the bot do what it did.
import { useEffect } from 'react'
import type { CurrencySummary, EarningsView, MarketView } from '../../../shared/contract'
import type { Currency } from '../../../shared/domain'
import { ActivityLog } from '../components/ActivityLog'
import { DepthChart } from '../components/DepthChart'
import { EarningsChart } from '../components/EarningsChart'
import { Card, ErrorText, Notice, Stat } from '../components/Feedback'
import { FillModelNote } from '../components/FillModelNote'
import { LoansTable, OffersTable } from '../components/OffersTable'
import { Rate } from '../components/Rate'
import { StatusPanel } from '../components/StatusPanel'
import { useNow } from '../components/useNow'
import { formatAmount, formatMaybeAmount, formatPercent } from '../format'
import { enabledCurrencies, useAppStore } from '../store/appStore'

/** Market data does not arrive as events: poll it while the dashboard is open. */
const MARKET_REFRESH_MS = 30_000

function CurrencySection({ currency, summary, market, now }: { currency: Currency; summary?: CurrencySummary; market?: MarketView; now: number }) {
  return (
    <Card title={`${currency} funding`} testId={`currency-${currency}`}>
      {summary ? (
        <div className="stats">
          <Stat label="Available" value={formatMaybeAmount(summary.available, currency)} testId={`available-${currency}`} />
          <Stat label="Offered" value={formatAmount(summary.offered, currency)} testId={`offered-${currency}`} />
          <Stat label="Lent" value={formatAmount(summary.lent, currency)} testId={`lent-${currency}`} />
          <Stat label="Idle (after reserve)" value={formatMaybeAmount(summary.idle, currency)} testId={`idle-${currency}`} />
          <Stat
            label="Utilization"
            value={summary.utilization === null ? '—' : formatPercent(summary.utilization, 1)}
            hint="lent ÷ (lent + offered + available)"
            testId={`utilization-${currency}`}
          />
        </div>
      ) : (
        <p className="muted">No account data yet.</p>
      )}
      {summary?.balanceNote ? <Notice tone="warning">{summary.balanceNote}</Notice> : null}
      <FillModelNote summary={summary} />
      <div className="grid-2">
        <div>
          <h3>Market</h3>
          {market ? (
            <>
              <div className="stats stats-3">
                <Stat label="FRR" value={<Rate rate={market.ticker.frr} />} testId={`frr-${currency}`} />
                <Stat label="Best offer (ask)" value={<Rate rate={market.ticker.ask} />} hint={`${market.ticker.askPeriod} days`} />
                <Stat label="Best bid" value={<Rate rate={market.ticker.bid} />} hint={`${market.ticker.bidPeriod} days`} />
              </div>
              <DepthChart book={market.book} currency={currency} />
            </>
          ) : (
            <p className="muted">Loading the market…</p>
          )}
        </div>
        <div>
          <h3>Open offers</h3>
          <OffersTable offers={summary?.offers ?? []} currency={currency} now={now} />
          <h3>Lent out</h3>
          <LoansTable loans={summary?.loans ?? []} currency={currency} now={now} />
        </div>
      </div>
    </Card>
  )
}

/** `sourceNote`: say where the numbers come from; off where the page already says it more prominently. */
export function EarningsSummary({ earnings, sourceNote = true }: { earnings: EarningsView; sourceNote?: boolean }) {
  return (
    <div className="earnings-summary" data-testid={`earnings-summary-${earnings.currency}`}>
      <div className="stats stats-3">
        <Stat label="Earned (after fee)" value={formatAmount(earnings.total, earnings.currency)} hint={`${earnings.daily.length} days`} />
        <Stat
          label="Realized APR after fee"
          value={earnings.realizedAprNet === null ? '—' : formatPercent(earnings.realizedAprNet)}
          testId={`realized-apr-${earnings.currency}`}
        />
        <Stat
          label="FRR APR before fee, same days"
          value={earnings.frrApr === null ? '—' : formatPercent(earnings.frrApr)}
          hint="Bitfinex keeps 15 % of interest"
        />
      </div>
      <EarningsChart earnings={earnings} />
      {sourceNote && earnings.source === 'recorded' ? (
        <p className="muted small">
          {earnings.neededPermission
            ? `Bitfinex's ledger needs the "${earnings.neededPermission}" permission; these are the payments LendPace itself recorded.`
            : 'These are the payments LendPace itself recorded.'}
        </p>
      ) : null}
    </div>
  )
}

export function Dashboard() {
  const settings = useAppStore((s) => s.settings)
  const account = useAppStore((s) => s.account)
  const markets = useAppStore((s) => s.markets)
  const earnings = useAppStore((s) => s.earnings)
  const vault = useAppStore((s) => s.vault)
  const status = useAppStore((s) => s.status)
  const errors = useAppStore((s) => s.errors)
  const refreshMarkets = useAppStore((s) => s.refreshMarkets)
  const navigate = useAppStore((s) => s.navigate)
  const now = useNow()

  useEffect(() => {
    const timer = window.setInterval(() => void refreshMarkets(), MARKET_REFRESH_MS)
    return () => window.clearInterval(timer)
  }, [refreshMarkets])

  const shown = Array.from(new Set<Currency>([...enabledCurrencies(settings), ...account.map((a) => a.currency)]))

  return (
    <div className="page" data-testid="page-dashboard">
      <h1>Dashboard</h1>
      <StatusPanel />
      {status?.mode === 'live' && vault?.locked ? (
        <Notice tone="warning" testId="vault-locked-notice">
          Your key is locked with a passphrase.{' '}
          <button type="button" className="link" onClick={() => navigate('key')}>
            Unlock it on the Key page
          </button>
          .
        </Notice>
      ) : null}
      {vault?.notice ? <Notice tone="warning">{vault.notice}</Notice> : null}
      {vault?.rotationDue ? <Notice tone="info">Your API key is more than 90 days old. Consider creating a new one and replacing it.</Notice> : null}
      <ErrorText message={errors.account} testId="account-error" />
      {errors.market ? (
        <Notice tone="warning" testId="market-error">
          Market data below may be out of date. {errors.market}
        </Notice>
      ) : null}
      {shown.map((c) => (
        <CurrencySection key={c} currency={c} summary={account.find((a) => a.currency === c)} market={markets[c]} now={now} />
      ))}
      <Card title="Earnings" testId="dashboard-earnings">
        <ErrorText message={errors.earnings} />
        {shown.map((c) => {
          const e = earnings[c]
          return e ? <EarningsSummary key={c} earnings={e} /> : null
        })}
      </Card>
      <Card title="Activity" testId="dashboard-activity">
        <ActivityLog />
      </Card>
    </div>
  )
}
