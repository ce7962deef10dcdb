// The passphrase field, wherever the key is needed: on the Key page, and inline in the status panel when
// lending waits for it (a restart with a passphrase-protected key). The passphrase is kept after a wrong
// try so a typo can be fixed, and cleared once it worked.
import { useState, type FormEvent } from 'react'
import { useAppStore } from '../store/appStore'
import { ErrorText } from './Feedback'

export function UnlockForm({ submitLabel = 'Unlock', testId = 'unlock-form' }: { submitLabel?: string; testId?: string }) {
  const unlock = useAppStore((s) => s.unlockVault)
  const busy = useAppStore((s) => s.busy.unlock)
  const error = useAppStore((s) => s.errors.unlock)
  const [passphrase, setPassphrase] = useState('')
  async function submit(event: FormEvent) {
    event.preventDefault()
    if (passphrase === '') return
    const result = await unlock(passphrase)
    if (result.ok) setPassphrase('')
  }
  const inputId = `${testId}-passphrase`
  return (
    <form className="form inline-form" onSubmit={(e) => void submit(e)} data-testid={testId}>
      <div className="field">
        <label className="field-label" htmlFor={inputId}>
          Passphrase
        </label>
        <input
          id={inputId}
          type="password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          autoComplete="current-password"
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${inputId}-error` : undefined}
          data-testid={`${testId}-input`}
        />
      </div>
      <button type="submit" className="button primary" disabled={busy || passphrase === ''} data-testid={`${testId}-submit`}>
        {busy ? 'Unlocking…' : submitLabel}
      </button>
      <ErrorText message={error} id={`${inputId}-error`} testId={`${testId}-error`} />
    </form>
  )
}
