// Replay recorded market data and compare LendPace's IBRR with what a lender would otherwise do: pick a
// folder (checked before anything runs), the days to replay and the strategies, then read the verdict.
import { useEffect, useState, type FormEvent } from 'react'
import { channels, type BacktestStrategy } from '../../shared/contract'
import { CURRENCIES, type Currency } from '../../shared/domain'
import { BacktestResult } from '../components/backtest/BacktestResult'
import { FolderPicker } from '../components/backtest/FolderPicker'
import { ReplayWindowFields } from '../components/backtest/ReplayWindowFields'
import { utcDay, windowOfDays } from '../components/backtest/replayWindow'
import { StrategyChoice } from '../components/backtest/StrategyChoice'
import { ALL_STRATEGIES } from '../components/backtest/strategies'
import { useBacktestFolder } from '../components/backtest/useBacktestFolder'
import { Card, ErrorText } from '../components/Feedback'
import { errorsByField } from '../fieldErrors'
import { parseNumberInput } from '../format'
import { useAppStore } from '../store/appStore'
import '../components/backtest/Backtest.css'

export function BacktestPage() {
  const report = useAppStore((s) => s.backtest)
  const runBacktest = useAppStore((s) => s.runBacktest)
  const busy = useAppStore((s) => s.busy.backtest)
  const serverError = useAppStore((s) => s.errors.backtest)
  const [currency, setCurrency] = useState<Currency>('USD')
  const [capital, setCapital] = useState('10000')
  const [strategies, setStrategies] = useState<BacktestStrategy[]>([...ALL_STRATEGIES])
  const [days, setDays] = useState({ from: '', to: '' })
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const folder = useBacktestFolder(currency)
  const check = folder.check

  // A newly checked folder starts on the days where all its data overlaps (else all of it).
  useEffect(() => {
    const start = check?.complete ?? check?.span
    setDays(start ? { from: utcDay(start.from), to: utcDay(start.to) } : { from: '', to: '' })
  }, [check])

  async function submit(event: FormEvent) {
    event.preventDefault()
    const errors: Record<string, string> = {}
    if (!folder.dataDir) errors.dataDir = 'Choose a data folder.'
    else if (check && !check.ready) errors.dataDir = check.missing ?? 'This folder cannot be replayed.'
    else if (!check) errors.dataDir = folder.error ?? (folder.checking ? 'Wait until the folder is checked.' : 'Choose a data folder.')
    const window = check?.span ? windowOfDays(days.from, days.to, check.span) : null
    if (window && !window.ok) errors[window.field] = window.message
    const parsed = channels.runBacktest.request.safeParse({
      dataDir: folder.dataDir,
      currency,
      capital: parseNumberInput(capital),
      strategies,
      ...(window?.ok ? window.window : {})
    })
    if (!parsed.success) Object.assign(errors, { ...errorsByField(parsed.error.issues), ...errors })
    setFieldErrors(errors)
    if (Object.keys(errors).length > 0 || !parsed.success) return
    await runBacktest(parsed.data)
  }

  return (
    <div className="page" data-testid="page-backtest">
      <h1>Backtest</h1>
      <p className="lead">
        Replay recorded Bitfinex funding data and see what LendPace would have earned, next to Bitfinex auto-renew, three simple bots and the most any
        lender could have earned in hindsight. It uses recorded data only: nothing is sent to Bitfinex.
      </p>
      <Card title="Run">
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <div className="grid-fields">
            <div className="field">
              <label className="field-label" htmlFor="bt-currency">
                Currency
              </label>
              <select id="bt-currency" value={currency} onChange={(e) => setCurrency(e.target.value as Currency)} data-testid="backtest-currency">
                {CURRENCIES.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </div>
            <div className="field">
              <label className="field-label" htmlFor="bt-capital">
                Capital ({currency})
              </label>
              <input id="bt-capital" type="text" inputMode="decimal" value={capital} onChange={(e) => setCapital(e.target.value)} data-testid="backtest-capital" />
              <ErrorText message={fieldErrors.capital} />
            </div>
          </div>
          <FolderPicker folder={folder} currency={currency} />
          <ReplayWindowFields
            span={check?.ready ? check.span : null}
            complete={check?.ready ? check.complete : null}
            fromDay={days.from}
            toDay={days.to}
            onChange={(from, to) => setDays({ from, to })}
            errors={{ from: fieldErrors.from, to: fieldErrors.to }}
          />
          <StrategyChoice chosen={strategies} onChange={setStrategies} error={fieldErrors.strategies} />
          <ErrorText message={fieldErrors.dataDir} testId="backtest-dir-error" />
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={busy} data-testid="run-backtest">
              {busy ? 'Running the backtest…' : 'Run backtest'}
            </button>
            {busy ? <span className="muted">A few days take seconds; the whole data set can take a minute or two.</span> : null}
          </div>
        </form>
        <ErrorText message={serverError} testId="backtest-error" />
      </Card>
      {report ? <BacktestResult report={report} /> : null}
    </div>
  )
}
