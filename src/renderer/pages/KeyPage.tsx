// The stored key: what it is (masked), how it is protected, what it may do, and replace/delete.
import { useState } from 'react'
import { AutoLockSetting } from '../components/AutoLockSetting'
import { Card, ErrorText, Notice } from '../components/Feedback'
import { KeyForm } from '../components/KeyForm'
import { ScopeChecks } from '../components/ScopeChecks'
import { UnlockForm } from '../components/UnlockForm'
import { formatTime } from '../format'
import { useAppStore } from '../store/appStore'

export function KeyPage() {
  const vault = useAppStore((s) => s.vault)
  const deleteKey = useAppStore((s) => s.deleteKey)
  const clearKeyCheck = useAppStore((s) => s.clearKeyCheck)
  const busyDelete = useAppStore((s) => s.busy.deleteKey)
  const deleteError = useAppStore((s) => s.errors.deleteKey)
  const [replacing, setReplacing] = useState(false)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const [replaced, setReplaced] = useState(false)

  if (!vault) return null
  return (
    <div className="page" data-testid="page-key">
      <h1>API key</h1>
      {vault.notice ? <Notice tone="warning">{vault.notice}</Notice> : null}
      {!vault.stored ? (
        <Card title="No key stored">
          <p>Paste a Bitfinex key with Margin Funding read and write (and Wallets read). See the guide on the Connect page.</p>
          <KeyForm />
        </Card>
      ) : (
        <>
          <Card title="Stored key" testId="vault-status">
            <dl className="facts">
              <dt>Key</dt>
              <dd data-testid="masked-key">{vault.maskedKey ?? '—'}</dd>
              <dt>Encryption</dt>
              <dd>{vault.backend ?? '—'}</dd>
              <dt>Protected</dt>
              <dd>
                {vault.protected ? (
                  <span className="badge badge-ok">Yes</span>
                ) : (
                  <span className="badge badge-warning">No: anyone with access to this user account could recover it</span>
                )}
              </dd>
              <dt>Added</dt>
              <dd>{vault.addedAt ? formatTime(vault.addedAt) : '—'}</dd>
              <dt>Last verified</dt>
              <dd>{vault.lastVerifiedAt ? formatTime(vault.lastVerifiedAt) : 'Not yet'}</dd>
            </dl>
            {vault.rotationDue ? (
              <Notice tone="info" testId="rotation-due">
                This key is more than 90 days old. Create a new one on Bitfinex, replace it here, then delete the old one on Bitfinex.
              </Notice>
            ) : null}
            {vault.locked ? (
              <>
                {vault.notice ? null : <Notice tone="warning">The key is locked. Enter your passphrase so LendPace can use it.</Notice>}
                <UnlockForm />
              </>
            ) : null}
            {replaced ? (
              <Notice tone="ok" testId="key-replaced">
                The new key was checked with Bitfinex and replaced the old one. Delete the old key on Bitfinex (Account → API Keys).
              </Notice>
            ) : null}
            <h3>Permissions</h3>
            <ScopeChecks scopes={vault.scopes} />
            <div className="form-actions">
              <button type="button" className="button" onClick={() => {
                  clearKeyCheck()
                  setReplaced(false)
                  setReplacing((r) => !r)
                }} data-testid="replace-key">
                {replacing ? 'Cancel replacing' : 'Replace key'}
              </button>
              {confirmDelete ? (
                <>
                  <button type="button" className="button danger" onClick={() => void deleteKey().then(() => setConfirmDelete(false))} disabled={busyDelete} data-testid="confirm-delete-key">
                    Yes, delete the key from this computer
                  </button>
                  <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
                    Keep it
                  </button>
                </>
              ) : (
                <button type="button" className="button danger" onClick={() => setConfirmDelete(true)} data-testid="delete-key">
                  Delete key
                </button>
              )}
            </div>
            <ErrorText message={deleteError} />
          </Card>
          {replacing ? (
            <Card title="Replace the key">
              <KeyForm
                submitLabel="Check and replace key"
                onAccepted={() => {
                  setReplacing(false)
                  setReplaced(true)
                }}
              />
            </Card>
          ) : null}
          {vault.backend === 'passphrase' ? <AutoLockSetting /> : null}
        </>
      )}
    </div>
  )
}
