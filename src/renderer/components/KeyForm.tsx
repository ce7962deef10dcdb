// Paste a key and secret, checked inline with the contract's own schema before anything is sent, then
// the live per-scope verdict from Bitfinex. Used by onboarding and by "replace key".
import { useState, type FormEvent, type ReactNode } from 'react'
import { addKeyRequestSchema, type AddKeyRequest } from '../../shared/contract'
import { errorsByField } from '../fieldErrors'
import { useAppStore } from '../store/appStore'
import { ErrorText, Notice } from './Feedback'
import { ScopeChecks } from './ScopeChecks'

type FieldErrors = Partial<Record<'apiKey' | 'apiSecret' | 'passphrase', string>>

/** `afterAccept` is shown right under the verdict once a key is accepted (e.g. "Start lending"). */
export function KeyForm({
  submitLabel = 'Check and save key',
  afterAccept,
  onAccepted
}: {
  submitLabel?: string
  afterAccept?: ReactNode
  /** Called once Bitfinex's check accepted and the key is stored (e.g. to close a "replace" panel). */
  onAccepted?: () => void
}) {
  const vault = useAppStore((s) => s.vault)
  const addKey = useAppStore((s) => s.addKey)
  const busy = useAppStore((s) => s.busy.addKey)
  const serverError = useAppStore((s) => s.errors.addKey)
  const check = useAppStore((s) => s.lastKeyCheck)
  const clearKeyCheck = useAppStore((s) => s.clearKeyCheck)
  const [apiKey, setApiKey] = useState('')
  const [apiSecret, setApiSecret] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const [acceptWeak, setAcceptWeak] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})

  const weak = vault?.osStorageWeak ?? false
  const canOptOut = weak && Boolean(vault?.weakStorageOptIn)
  /** A verdict belongs to the key it judged: typing another key takes it away. */
  const edit = (setter: (v: string) => void) => (value: string) => {
    setter(value)
    if (check) clearKeyCheck()
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    const request: AddKeyRequest = {
      apiKey,
      apiSecret,
      ...(weak && !acceptWeak ? { passphrase } : {}),
      ...(weak && acceptWeak ? { acceptWeakStorage: true } : {})
    }
    const parsed = addKeyRequestSchema.safeParse(request)
    const errors: FieldErrors = parsed.success ? {} : errorsByField(parsed.error.issues)
    if (weak && !acceptWeak && passphrase === '')
      errors.passphrase = canOptOut ? 'Choose a passphrase, or accept storing the key without one.' : 'Choose a passphrase of at least 10 characters.'
    setFieldErrors(errors)
    if (Object.keys(errors).length > 0 || !parsed.success) return
    const result = await addKey(parsed.data)
    // Accepted: the secret has done its job, do not keep it in the page any longer than needed. Refused:
    // keep what was typed (the passphrase too) so one wrong field can be fixed without retyping the rest.
    if (result.ok && result.value.accepted) {
      setApiSecret('')
      setPassphrase('')
      onAccepted?.()
    }
  }

  const verdict = check ? (
    <div className="key-check" data-testid="key-check" data-accepted={String(check.accepted)}>
      {check.accepted ? (
        <Notice tone="ok" testId="key-accepted">
          Key accepted and stored on this computer.
          {check.messages.length > 0 ? ' Please read the warnings below.' : ''}
        </Notice>
      ) : (
        <Notice tone="danger" testId="key-refused">
          Key refused and not stored. {check.messages[0] ?? ''}
        </Notice>
      )}
      {check.accepted && afterAccept ? <div className="form-actions">{afterAccept}</div> : null}
      <ScopeChecks scopes={check.scopes} />
    </div>
  ) : null

  // Once accepted there is nothing left to type: show the verdict and what to do next.
  if (check?.accepted) return verdict

  return (
    <form className="form key-form" onSubmit={(e) => void submit(e)} noValidate data-testid="key-form">
      <label className="field">
        <span className="field-label">API key</span>
        <input
          type="text"
          value={apiKey}
          onChange={(e) => edit(setApiKey)(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={Boolean(fieldErrors.apiKey)}
          data-testid="api-key-input"
        />
        <ErrorText message={fieldErrors.apiKey} />
      </label>
      <label className="field">
        <span className="field-label">API secret</span>
        <input
          type="password"
          value={apiSecret}
          onChange={(e) => edit(setApiSecret)(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={Boolean(fieldErrors.apiSecret)}
          data-testid="api-secret-input"
        />
        <ErrorText message={fieldErrors.apiSecret} />
      </label>
      {weak ? (
        <div className="weak-storage" data-testid="weak-storage">
          <Notice tone="warning">
            {canOptOut
              ? 'No protected keyring is available here, so protect the key with a passphrase (or knowingly store it without one below). You will type the passphrase when LendPace starts.'
              : 'LendPace protects the key here with a passphrase of your choice: it encrypts the key on this computer and is never stored. You will type it when LendPace starts.'}
          </Notice>
          <label className="field">
            <span className="field-label">Passphrase (at least 10 characters)</span>
            <input
              type="password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
              disabled={acceptWeak}
              autoComplete="new-password"
              data-testid="passphrase-input"
            />
            <ErrorText message={fieldErrors.passphrase} />
          </label>
          {canOptOut ? (
            <label className="check">
              <input type="checkbox" checked={acceptWeak} onChange={(e) => setAcceptWeak(e.target.checked)} data-testid="accept-weak-storage" />
              Store the key without a passphrase; I understand it is not protected on this computer.
            </label>
          ) : null}
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy} data-testid="add-key-submit">
          {busy ? 'Checking the key with Bitfinex…' : submitLabel}
        </button>
      </div>
      <ErrorText message={serverError} testId="add-key-error" />
      {verdict}
    </form>
  )
}
