// What the bot did and what happened to the money, newest first: decisions, fills, loan returns, interest
// payments, errors and the user's own actions, each in one sentence. A line that came back cycle after
// cycle is one entry ("— 120 times, 08:00–10:00"). Filters: time range, currency, kind.
import { useEffect } from 'react'
import type { ActivityEvent, ActivityKind } from '../../shared/contract'
import { formatTime } from '../format'
import { enabledCurrencies, useAppStore } from '../store/appStore'
import { ACTIVITY_KIND_GROUPS, ACTIVITY_RANGES, useActivityStore, type ActivityKindGroup, type ActivityRange } from '../store/activityStore'
import './ActivityLog.css'

const KIND_LABELS: Record<ActivityKind, string> = {
  place: 'placed',
  cancel: 'cancelled',
  hold: 'kept',
  info: 'note',
  error: 'error',
  fill: 'filled',
  return: 'returned',
  payment: 'paid',
  settings: 'settings',
  start: 'started',
  stop: 'stopped'
}
const RANGE_LABELS: Record<ActivityRange, string> = { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days', '90d': 'Last 90 days' }
const GROUP_LABELS: Record<ActivityKindGroup, string> = {
  all: 'Everything',
  money: 'Fills, returns, payments',
  offers: 'Offers placed and cancelled',
  notes: 'Notes',
  errors: 'Errors',
  you: 'Start, stop, settings'
}

const RANGE_OPTIONS = (Object.keys(ACTIVITY_RANGES) as ActivityRange[]).map((r): [ActivityRange, string] => [r, RANGE_LABELS[r]])
const GROUP_OPTIONS = (Object.keys(ACTIVITY_KIND_GROUPS) as ActivityKindGroup[]).map((g): [ActivityKindGroup, string] => [g, GROUP_LABELS[g]])

/** One labelled filter. */
function Choice<T extends string>(props: { label: string; testId: string; value: T; options: [T, string][]; onChange: (value: T) => void }) {
  return (
    <label>
      <span>{props.label}</span>
      <select data-testid={props.testId} value={props.value} onChange={(ev) => props.onChange(ev.target.value as T)}>
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  )
}

const clock = (mts: number): string => new Date(mts).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })

function Fold({ e }: { e: ActivityEvent }) {
  if (e.count < 2) return null
  return (
    <span className="muted activity-fold" data-testid="activity-fold">
      {' '}
      — {e.count} times, {clock(e.at)}–{clock(e.until)}
    </span>
  )
}

export function ActivityLog({ limit = 100 }: { limit?: number }) {
  const settings = useAppStore((s) => s.settings)
  const { filters, events, more, keptSince, loading, error, setFilters, load, listen } = useActivityStore()

  useEffect(() => {
    const off = listen()
    void load()
    return off
  }, [listen, load])

  return (
    <div className="activity-log">
      <div className="activity-filters" role="group" aria-label="Filter the activity">
        <Choice label="Time" testId="activity-filter-range" value={filters.range} options={RANGE_OPTIONS} onChange={(range) => void setFilters({ range })} />
        <Choice
          label="Currency"
          testId="activity-filter-currency"
          value={filters.currency}
          options={[['any', 'All currencies'], ...enabledCurrencies(settings).map((c): [string, string] => [c, c])]}
          onChange={(currency) => void setFilters({ currency })}
        />
        <Choice label="Show" testId="activity-filter-kind" value={filters.kinds} options={GROUP_OPTIONS} onChange={(kinds) => void setFilters({ kinds })} />
      </div>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {events.length === 0 ? (
        <p className="muted" data-testid="activity-empty">
          {loading ? 'Loading…' : 'Nothing in this range yet. Decisions, fills and payments appear here as they happen.'}
        </p>
      ) : (
        <ol className="activity" data-testid="activity-log" aria-label="Activity log">
          {events.slice(0, limit).map((e) => (
            <li key={e.id} className={`activity-item activity-${e.kind}`} data-kind={e.kind} data-testid="activity-item">
              <time className="muted" dateTime={new Date(e.at).toISOString()}>
                {formatTime(e.at)}
              </time>
              <span className={`badge badge-kind-${e.kind}`}>{KIND_LABELS[e.kind]}</span>
              <span className="activity-currency">{e.currency === 'all' ? '' : e.currency}</span>
              <span className="activity-message">
                {e.message}
                <Fold e={e} />
                {e.dryRun ? <em className="muted"> (dry run: nothing sent)</em> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
      {more || events.length > limit ? <p className="muted">Showing the newest {Math.min(limit, events.length)}; narrow the filters to see older entries.</p> : null}
      {keptSince !== null ? <p className="muted activity-kept">History kept since {formatTime(keptSince)} (90 days at most).</p> : null}
    </div>
  )
}
