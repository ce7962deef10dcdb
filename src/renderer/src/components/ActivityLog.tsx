// What the loop did and why, newest first: decisions and errors in one list, each in one sentence.
import type { ActivityEntry } from '../store/appStore'
import { formatTime } from '../format'

export function ActivityLog({ entries, limit = 50 }: { entries: ActivityEntry[]; limit?: number }) {
  if (entries.length === 0) return <p className="muted">Nothing yet. Decisions appear here after the first cycle.</p>
  return (
    <ol className="activity" data-testid="activity-log" aria-label="Activity log">
      {entries.slice(0, limit).map((e) => (
        <li key={e.id} className={`activity-item activity-${e.kind}`} data-kind={e.kind}>
          <time className="muted" dateTime={new Date(e.at).toISOString()}>
            {formatTime(e.at)}
          </time>
          <span className={`badge badge-kind-${e.kind}`}>{e.kind}</span>
          {e.currency ? <span className="activity-currency">{e.currency}</span> : null}
          <span className="activity-message">
            {e.message}
            {e.dryRun ? <em className="muted"> (dry run: nothing sent)</em> : null}
          </span>
        </li>
      ))}
    </ol>
  )
}
