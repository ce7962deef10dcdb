// Running / stopped / error, the reason in one sentence, and the buttons that change it. Three things it
// never hides: that the service behind the window is gone (then nothing here is current), that the key
// must be unlocked (the passphrase field is right here, not on another page), and that stopping leaves
// the offers already on the book where they are.
import { useState } from 'react'
import { useAppStore } from '../store/appStore'
import { formatCount, formatDuration, formatTime } from '../format'
import { ErrorText } from './Feedback'
import { UnlockForm } from './UnlockForm'
import { useNow } from './useNow'

export const STATE_LABEL = { running: 'Running', stopped: 'Stopped', error: 'Error' } as const

function CancelAllOffers({ openOffers }: { openOffers: number }) {
  const cancelAll = useAppStore((s) => s.cancelAllOffers)
  const busy = useAppStore((s) => s.busy.cancelAll)
  const error = useAppStore((s) => s.errors.cancelAll)
  const [confirming, setConfirming] = useState(false)
  const [done, setDone] = useState<number | null>(null)
  if (openOffers === 0 && done === null) return null
  return (
    <div className="cancel-all">
      {confirming ? (
        <>
          <span role="status">
            Cancel {formatCount(openOffers, 'open offer')} on Bitfinex now? Loans already taken keep running until they are returned.
          </span>
          <button
            type="button"
            className="button danger"
            disabled={busy}
            data-testid="confirm-cancel-all"
            onClick={() =>
              void cancelAll().then((r) => {
                setConfirming(false)
                if (r.ok) setDone(r.value.cancelled)
              })
            }
          >
            {busy ? 'Cancelling…' : 'Yes, cancel them'}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Keep them
          </button>
        </>
      ) : (
        <button type="button" className="button" onClick={() => (setDone(null), setConfirming(true))} data-testid="cancel-all">
          Cancel all my offers now…
        </button>
      )}
      {done !== null && !confirming ? (
        <span className="ok-text" data-testid="cancel-all-done">
          Cancelled {formatCount(done, 'offer')}.
        </span>
      ) : null}
      <ErrorText message={error} testId="cancel-all-error" />
    </div>
  )
}

export function StatusPanel() {
  const status = useAppStore((s) => s.status)
  const vault = useAppStore((s) => s.vault)
  const connection = useAppStore((s) => s.connection)
  const account = useAppStore((s) => s.account)
  const accountFresh = useAppStore((s) => s.accountFresh)
  const busy = useAppStore((s) => s.busy)
  const errors = useAppStore((s) => s.errors)
  const start = useAppStore((s) => s.start)
  const stop = useAppStore((s) => s.stop)
  const now = useNow(5_000)
  if (!status) return null

  if (!connection.up)
    return (
      <section className="status-panel status-lost" data-testid="status-panel" aria-live="polite">
        <div className="status-main">
          <span className="status-pill pill-lost" data-testid="status-state">
            Not connected
          </span>
        </div>
        {/* The banner above the page says what happened; this only says what it means for lending. */}
        <p className="status-message" data-testid="status-message">
          Whether lending is running is unknown until the service answers again. Offers and loans on Bitfinex do not depend on this
          window.
        </p>
      </section>
    )

  const running = status.state === 'running'
  const locked = status.mode === 'live' && Boolean(vault?.stored && vault.locked)
  const openOffers = accountFresh ? account.reduce((n, a) => n + a.offers.length, 0) : 0
  // One sentence once: an action's refusal that repeats the status line adds nothing.
  const actionError = [errors.start, errors.stop].find((e) => e && e !== status.message)
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
      {locked ? (
        <div className="status-unlock" data-testid="status-unlock">
          {/* When lending waits to resume, the status line above already asks for the passphrase. */}
          {status.resumeAfterUnlock ? null : <p className="small">Your key is locked. Enter your passphrase so LendPace can use it.</p>}
          <UnlockForm submitLabel={status.resumeAfterUnlock ? 'Unlock and resume lending' : 'Unlock'} testId="inline-unlock" />
        </div>
      ) : (
        <div className="status-actions">
          {running ? (
            <>
              <button type="button" className="button" onClick={() => void stop()} disabled={busy.stop} data-testid="stop-button">
                {busy.stop ? 'Stopping…' : 'Stop lending'}
              </button>
              <span className="muted small" data-testid="stop-hint">
                Stopping places no new offers; those already on the book stay and can still be taken.
              </span>
            </>
          ) : (
            <button type="button" className="button primary" onClick={() => void start()} disabled={busy.start} data-testid="start-button">
              {busy.start ? 'Starting…' : 'Start lending'}
            </button>
          )}
          {status.dryRun ? null : <CancelAllOffers openOffers={openOffers} />}
        </div>
      )}
      <ErrorText message={actionError} testId="status-action-error" />
    </section>
  )
}
