// Interest received, from Bitfinex's ledger when the key may read it, else what LendPace recorded;
// exportable as CSV for tax records.
import { useEffect, useState } from 'react'
import { CURRENCIES, type Currency } from '../../shared/domain'
import { Card, ErrorText, Notice } from '../components/Feedback'
import { downloadText } from '../download'
import { formatSmallAmount, formatUtcDay } from '../format'
import { enabledCurrencies, useAppStore } from '../store/appStore'
import { EarningsSummary } from './Dashboard'

export function EarningsPage() {
  const settings = useAppStore((s) => s.settings)
  const earningsByCurrency = useAppStore((s) => s.earnings)
  const refreshEarnings = useAppStore((s) => s.refreshEarnings)
  const exportCsv = useAppStore((s) => s.exportEarningsCsv)
  const busy = useAppStore((s) => s.busy)
  const errors = useAppStore((s) => s.errors)
  const [currency, setCurrency] = useState<Currency>(() => enabledCurrencies(settings)[0])
  const [exported, setExported] = useState<string | null>(null)
  const earnings = earningsByCurrency[currency]

  useEffect(() => {
    void refreshEarnings(currency)
  }, [currency, refreshEarnings])

  async function onExport() {
    setExported(null)
    const result = await exportCsv(currency)
    if (!result.ok) return
    downloadText(result.value.filename, result.value.csv)
    setExported(result.value.filename)
  }

  return (
    <div className="page" data-testid="page-earnings">
      <h1>Earnings</h1>
      <div className="toolbar">
        <label className="field inline">
          <span className="field-label">Currency</span>
          <select value={currency} onChange={(e) => setCurrency(e.target.value as Currency)} data-testid="earnings-currency">
            {CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" onClick={() => void onExport()} disabled={busy.export} data-testid="export-csv">
          {busy.export ? 'Preparing CSV…' : `Export ${currency} CSV`}
        </button>
        <span className="muted small" data-testid="export-columns">
          Date, amount after fee, fee, rate, loan id, principal, loan period and the time the interest covers; &quot;unknown&quot; where Bitfinex&apos;s
          ledger does not say (it pays one sum a day for all loans).
        </span>
        {exported ? (
          <span className="ok-text" data-testid="export-done">
            Saved {exported}
          </span>
        ) : null}
      </div>
      <ErrorText message={errors.export} testId="export-error" />
      <ErrorText message={errors.earnings} testId="earnings-error" />
      {earnings ? (
        <>
          {earnings.source === 'ledger' ? (
            <Notice tone="info" testId="earnings-source">
              From Bitfinex's ledger (interest payments), cached on this computer. Amounts are after Bitfinex's 15 % fee.
            </Notice>
          ) : (
            // A missing permission is something to fix; paper mode's own records are simply how it works.
            <Notice tone={earnings.neededPermission ? 'warning' : 'info'} testId="earnings-source">
              {earnings.neededPermission
                ? `Your key cannot read Bitfinex's ledger: that needs the "${earnings.neededPermission}" permission. `
                : ''}
              These numbers are what LendPace itself recorded while it was running.
            </Notice>
          )}
          <Card title={`${currency} interest`}>
            <EarningsSummary earnings={earnings} sourceNote={false} />
          </Card>
          <Card title="By day">
            {earnings.daily.length === 0 ? (
              <p className="muted">No interest payments yet.</p>
            ) : (
              <div className="table-scroll">
                <table className="table" data-testid="earnings-table">
                  <thead>
                    <tr>
                      <th scope="col">Day (UTC)</th>
                      <th scope="col" className="num">Interest after fee</th>
                      <th scope="col" className="num">Total</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...earnings.daily].reverse().map((d) => (
                      <tr key={d.day}>
                        <td>{formatUtcDay(d.day)}</td>
                        <td className="num">{formatSmallAmount(d.amount, currency)}</td>
                        <td className="num">{formatSmallAmount(d.cumulative, currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </>
      ) : busy.earnings ? (
        <p className="muted">Loading earnings…</p>
      ) : null}
    </div>
  )
}
