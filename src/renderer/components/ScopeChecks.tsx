// The per-scope verdict on a key: green ok, amber warning, red refused, each with its reason.
import type { ScopeCheck } from '../../shared/domain'

const LABEL: Record<ScopeCheck['verdict'], string> = { ok: 'OK', warning: 'Warning', refused: 'Refused' }

/** What needs attention first. */
const ORDER: Record<ScopeCheck['verdict'], number> = { refused: 0, warning: 1, ok: 2 }

function access(s: ScopeCheck): string {
  if (s.read && s.write) return 'read + write'
  if (s.read) return 'read'
  if (s.write) return 'write'
  return 'not granted'
}

export function ScopeChecks({ scopes }: { scopes: ScopeCheck[] }) {
  // Scopes the key does not have are noise unless we refused because one is missing.
  const shown = scopes
    .filter((s) => s.read || s.write || s.verdict !== 'ok')
    .sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict])
  if (shown.length === 0) return <p className="muted">Bitfinex reported no permissions for this key.</p>
  return (
    <ul className="scope-list" data-testid="scope-checks">
      {shown.map((s) => (
        <li key={s.scope} className={`scope scope-${s.verdict}`} data-testid={`scope-${s.scope}`} data-verdict={s.verdict}>
          <span className={`badge badge-${s.verdict}`}>{LABEL[s.verdict]}</span>
          <span className="scope-name">
            {s.scope} <span className="muted">({access(s)})</span>
          </span>
          <span className="scope-reason">{s.reason}</span>
        </li>
      ))}
    </ul>
  )
}
