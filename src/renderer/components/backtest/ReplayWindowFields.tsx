// The days to replay, inside the span of the chosen folder's data (UTC days, like the data).
import { ErrorText } from '../Feedback'
import { utcDay, type Span } from './replayWindow'

interface Props {
  span: Span | null
  complete: Span | null
  fromDay: string
  toDay: string
  onChange(fromDay: string, toDay: string): void
  errors: { from?: string; to?: string }
}

export function ReplayWindowFields({ span, complete, fromDay, toDay, onChange, errors }: Props) {
  const min = span ? utcDay(span.from) : undefined
  const max = span ? utcDay(span.to) : undefined
  const disabled = span === null
  return (
    <fieldset className="fieldset" data-testid="backtest-window">
      <legend>Days to replay (UTC)</legend>
      <div className="grid-fields">
        <div className="field">
          <label className="field-label" htmlFor="bt-from">
            From
          </label>
          <input id="bt-from" type="date" value={fromDay} min={min} max={max} disabled={disabled} onChange={(e) => onChange(e.target.value, toDay)} aria-invalid={errors.from ? true : undefined} data-testid="backtest-from" />
          <ErrorText message={errors.from} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="bt-to">
            To (included)
          </label>
          <input id="bt-to" type="date" value={toDay} min={min} max={max} disabled={disabled} onChange={(e) => onChange(fromDay, e.target.value)} aria-invalid={errors.to ? true : undefined} data-testid="backtest-to" />
          <ErrorText message={errors.to} />
        </div>
      </div>
      {span ? (
        <div className="form-actions">
          <button type="button" className="link" onClick={() => onChange(utcDay(span.from), utcDay(span.to))} data-testid="backtest-whole-span">
            All the data
          </button>
          {complete ? (
            <button type="button" className="link" onClick={() => onChange(utcDay(complete.from), utcDay(complete.to))} data-testid="backtest-complete-span">
              Only the days with order book, traded volume and FRR
            </button>
          ) : null}
        </div>
      ) : (
        <p className="muted">Choose a folder first: the dates depend on its data.</p>
      )}
    </fieldset>
  )
}
