// At a glance: is the money working, at what rate, what did it earn, and why did the bot do what it did.
import { useEffect } from 'react'
import type { CurrencySummary, EarningsView, MarketView } from '../../shared/contract'
import type { Currency } from '../../shared/domain'
import { ActivityLog } from '../components/ActivityLog'
import { DepthChart } from '../components/DepthChart'
import { EarningsChart } from '../components/EarningsChart'
import { EarningsGlance } from '../components/EarningsGlance'
import { Card, ErrorText, Notice, Stat } from '../components/Feedback'
import { FillModelNote } from '../components/FillModelNote'
import { LoansTable, OffersTable } from '../components/OffersTable'
import { Rate } from '../components/Rate'
import { StatusPanel } from '../components/StatusPanel'
import { useNow } from '../components/useNow'
import { formatAmount, formatDays, formatMaybeAmount, formatMaybePercent, formatPercent, formatTime, netOfFee } from '../format'
import { enabledCurrencies, useAppStore } from '../store/appStore'

/** While lending runs, every cycle pushes its market and account; while stopped, poll them this often. */
const MARKET_REFRESH_MS = 30_000

function CurrencySection({ currency, summary, market, now, asOf }: { currency: Currency; summary?: CurrencySummary; market?: MarketView; now: number; asOf: number | null }) {
  const marked = asOf === null ? '' : ` (last known, ${formatTime(asOf)})`
  return (
    <Card title={`${currency} funding${marked}`} testId={`currency-${currency}`}>
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
                <Stat label="Best offer (ask)" value={<Rate rate={market.ticker.ask} />} hint={formatDays(market.ticker.askPeriod)} />
                <Stat label="Best bid" value={<Rate rate={market.ticker.bid} />} hint={formatDays(market.ticker.bidPeriod)} />
              </div>
              <p className="muted small" data-testid={`market-at-${currency}`} data-taken-at={market.takenAt}>
                As of {formatTime(market.takenAt)}
              </p>
              <DepthChart book={market.book} currency={currency} frr={market.ticker.frr} myOffers={summary?.offers ?? []} />
            </>
          ) : (
            <p className="muted">Loading the market…</p>
          )}
        </div>
        <div>
          <h3>Open offers{marked}</h3>
          <OffersTable offers={summary?.offers ?? null} currency={currency} now={now} />
          <h3>Lent out{marked}</h3>
          <LoansTable loans={summary?.loans ?? null} currency={currency} now={now} />
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
        <Stat
          label="Earned (after fee)"
          value={formatAmount(earnings.total, earnings.currency)}
          hint={earnings.daily.length ? `over ${formatDays(earnings.daily.length)} with interest` : 'no interest paid yet'}
        />
        <Stat
          label="Realized APR after fee"
          value={formatMaybePercent(earnings.realizedAprNet)}
          testId={`realized-apr-${earnings.currency}`}
        />
        <Stat
          label="FRR APR after fee, same days"
          value={formatMaybePercent(earnings.frrApr === null ? null : netOfFee(earnings.frrApr))}
          hint={earnings.frrApr === null ? undefined : `${formatPercent(earnings.frrApr)} before Bitfinex's 15 % fee`}
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
  const refreshGlance = useAppStore((s) => s.refreshGlance)
  const accountFresh = useAppStore((s) => s.accountFresh)
  const lastKnown = useAppStore((s) => s.lastKnown)
  const glance = useAppStore((s) => s.glance)
  const now = useNow()
  const running = status?.state === 'running'

  useEffect(() => {
    void refreshGlance()
  }, [refreshGlance])
  useEffect(() => {
    if (running) return
    const timer = window.setInterval(() => {
      void refreshMarkets()
      // Offers left on the book are taken while stopped too: "earning now" follows them.
      void refreshGlance()
    }, MARKET_REFRESH_MS)
    return () => window.clearInterval(timer)
  }, [refreshMarkets, refreshGlance, running])

  // Until the account can be read, what the last run saw (marked with its time) beats an empty page.
  const stale = !accountFresh && lastKnown !== null
  const shownAccount = accountFresh ? account : (lastKnown?.account ?? [])
  const shown = Array.from(new Set<Currency>([...enabledCurrencies(settings), ...shownAccount.map((a) => a.currency)]))
  // While the key is locked the status panel asks for the passphrase; the same sentence again below would only repeat it.
  const locked = status?.mode === 'live' && Boolean(vault?.locked)

  return (
    <div className="page" data-testid="page-dashboard">
      <h1>Dashboard</h1>
      <StatusPanel />
      {vault?.notice && !(locked && vault.notice.includes('passphrase')) ? <Notice tone="warning">{vault.notice}</Notice> : null}
      {vault?.rotationDue ? <Notice tone="info">Your API key is more than 90 days old. Consider creating a new one and replacing it.</Notice> : null}
      {stale && lastKnown ? (
        <Notice tone="info" testId="last-known-notice">
          Shown as LendPace last saw it, {formatTime(lastKnown.at)}. Offers may have been taken since; this updates as soon as LendPace can
          read your account again.
        </Notice>
      ) : null}
      {locked ? null : <ErrorText message={errors.account} testId="account-error" />}
      {glance && !stale && !locked ? (
        <Card title="What your money earns" testId="dashboard-glance">
          <EarningsGlance glance={glance} />
          {glance.accountAt !== undefined && glance.accountAt < glance.at ? (
            <p className="muted small" data-testid="glance-account-at">
              Loans as LendPace&apos;s last cycle saw them, {formatTime(glance.accountAt)}.
            </p>
          ) : null}
        </Card>
      ) : null}
      {errors.market ? (
        <Notice tone="warning" testId="market-error">
          Market data below may be out of date. {errors.market}
        </Notice>
      ) : null}
      {shown.map((c) => (
        <CurrencySection
          key={c}
          currency={c}
          summary={shownAccount.find((a) => a.currency === c)}
          market={markets[c]}
          now={now}
          asOf={stale && lastKnown ? lastKnown.at : null}
        />
      ))}
      <Card title="Earnings" testId="dashboard-earnings">
        {locked ? null : <ErrorText message={errors.earnings} />}
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
