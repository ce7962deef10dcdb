// Running / stopped / error, the reason in one sentence, and the buttons that change it.
import { useAppStore } from '../store/appStore'
import { formatDuration, formatTime } from '../format'
import { ErrorText } from './Feedback'
import { useNow } from './useNow'

export const STATE_LABEL = { running: 'Running', stopped: 'Stopped', error: 'Error' } as const

export function StatusPanel() {
  const status = useAppStore((s) => s.status)
  const busy = useAppStore((s) => s.busy)
  const errors = useAppStore((s) => s.errors)
  const start = useAppStore((s) => s.start)
  const stop = useAppStore((s) => s.stop)
  const now = useNow(5_000)
  if (!status) return null
  const running = status.state === 'running'
  return (
    <section className={`status-panel status-${status.state}`} data-testid="status-panel" aria-live="polite">
      <div className="status-main">
        <span className={`status-pill pill-${status.state}`} data-testid="status-state">
          {STATE_LABEL[status.state]}
        </span>
        <span className="status-mode">{status.mode === 'paper' ? 'Paper mode (simulated exchange, no real money)' : 'Live on Bitfinex'}</span>
        {status.dryRun ? <span className="badge badge-warning">Dry run: nothing is placed or cancelled</span> : null}
        {status.needsAttention ? (
          <span className="badge badge-refused" data-testid="needs-attention">
            Needs you
          </span>
        ) : null}
      </div>
      <p className="status-message" data-testid="status-message">
        {status.message}
      </p>
      <div className="status-meta muted">
        {status.lastCycleAt ? <span>Last cycle {formatTime(status.lastCycleAt)}</span> : <span>No cycle yet</span>}
        {running && status.nextCycleAt ? <span> · next in {formatDuration(Math.max(0, status.nextCycleAt - now))}</span> : null}
      </div>
      <div className="status-actions">
        {running ? (
          <button type="button" className="button" onClick={() => void stop()} disabled={busy.stop} data-testid="stop-button">
            {busy.stop ? 'Stopping…' : 'Stop lending'}
          </button>
        ) : (
          <button type="button" className="button primary" onClick={() => void start()} disabled={busy.start} data-testid="start-button">
            {busy.start ? 'Starting…' : 'Start lending'}
          </button>
        )}
      </div>
      <ErrorText message={errors.start ?? errors.stop} testId="status-action-error" />
    </section>
  )
}
