// How long a stopped LendPace keeps a passphrase-protected key unlocked (vaultAutoLockMinutes), on the
// API key page. Saved at once: it is a choice about the key, not part of the lending settings' form.
// While lending runs the key is never locked (the loop needs it to sign).
import { useState } from 'react'
import { DEFAULT_VAULT_AUTO_LOCK_MINUTES } from '../../shared/settings'
import { useAppStore } from '../store/appStore'
import { Card } from './Feedback'

const CHOICES: Array<{ minutes: number; label: string }> = [
  { minutes: 5, label: 'after 5 minutes' },
  { minutes: 15, label: 'after 15 minutes' },
  { minutes: 60, label: 'after 1 hour' },
  { minutes: 240, label: 'after 4 hours' },
  { minutes: 0, label: 'never' }
]

export function AutoLockSetting() {
  const minutes = useAppStore((s) => s.settings?.vaultAutoLockMinutes ?? DEFAULT_VAULT_AUTO_LOCK_MINUTES)
  const saveSettings = useAppStore((s) => s.saveSettings)
  const [error, setError] = useState<string | null>(null)
  const choose = (value: number) => {
    setError(null)
    void saveSettings({ vaultAutoLockMinutes: value }).then((r) => (r.ok ? undefined : setError(r.message)))
  }
  return (
    <Card title="Security">
      <div className="field">
        <label className="field-label" htmlFor="vaultAutoLock">
          When lending is stopped, lock the passphrase-protected key
        </label>
        <select id="vaultAutoLock" value={minutes} onChange={(e) => choose(Number(e.target.value))} data-testid="field-vault-auto-lock">
          {CHOICES.map((c) => (
            <option key={c.minutes} value={c.minutes}>
              {c.label}
            </option>
          ))}
        </select>
        <p className="muted small">While lending runs the key stays unlocked, because every order is signed with it.</p>
        {error ? <p className="error-text" role="alert">{error}</p> : null}
      </div>
    </Card>
  )
}
