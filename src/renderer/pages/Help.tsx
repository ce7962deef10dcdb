// Security & help: what a careful person asks before giving a bot an exchange key, answered for this
// app as it is (a local program, no server of ours), with the user's own settings and key status where
// the answer depends on them.
import { Card } from '../components/Feedback'
import { formatTime } from '../format'
import { useAppStore } from '../store/appStore'

export function HelpPage() {
  const vault = useAppStore((s) => s.vault)
  const settings = useAppStore((s) => s.settings)
  const navigate = useAppStore((s) => s.navigate)
  const stored = Boolean(vault?.stored)
  const passphrase = vault?.backend === 'passphrase'
  return (
    <div className="page help" data-testid="page-help">
      <h1>Security &amp; help</h1>

      <Card title="What the key can and cannot do" testId="help-key-powers">
        <p>LendPace asks for a Bitfinex API key with only these permissions:</p>
        <ul>
          <li>
            <strong>Margin Funding, read and write</strong>: see your funding offers and loans, place offers and cancel them. That is all
            LendPace does with your money: it offers it to borrowers on Bitfinex's funding market.
          </li>
          <li>
            <strong>Wallets, read</strong>: see how much is in your funding wallet. Read only: it cannot move money between wallets.
          </li>
          <li>
            <strong>Account History, read</strong> (recommended): see the interest Bitfinex paid you, so earnings are Bitfinex's own
            numbers.
          </li>
        </ul>
        <p>
          Such a key <strong>cannot trade</strong> (no orders, no positions), <strong>cannot withdraw</strong> and cannot transfer money
          anywhere. LendPace checks the key's permissions with Bitfinex when you add it and refuses any key that could withdraw.
        </p>
      </Card>

      <Card title="Where the key is kept" testId="help-storage">
        <p>
          Only on this computer. LendPace has no server: the key goes only to Bitfinex, with LendPace's own requests from this computer, and
          the secret never leaves this computer at all (it only signs those requests). Neither is written to the log or shown in full (you
          see the key masked, like {vault?.maskedKey ?? 'abcd…wxyz'}).
        </p>
        <p>
          It is stored encrypted in LendPace's data folder, either with your operating system's key store (Keychain on macOS, the Data
          Protection API on Windows, the Secret Service keyring on Linux) or, where there is no protected key store or you chose it,
          with a passphrase of yours (scrypt and AES-256-GCM). The passphrase itself is never stored; LendPace asks for it after each
          start.
        </p>
        <p data-testid="help-your-storage">
          {stored
            ? `Your key: ${passphrase ? 'protected by your passphrase' : `encrypted with the OS key store (${vault?.backend ?? 'unknown'})`}${vault?.protected ? '' : ', and NOT protected: anyone with access to this user account could recover it'}. Added ${vault?.addedAt ? formatTime(vault.addedAt) : 'at an unknown time'}.`
            : 'No key is stored on this computer right now.'}
        </p>
      </Card>

      <Card title="Revoking and deleting the key" testId="help-revoke">
        <ol className="steps">
          <li>
            On Bitfinex: <strong>Account → API Keys</strong>, find the key by its label, and choose <strong>Revoke</strong>. From then on
            the key is useless everywhere, including here; do this first if you think it leaked.
          </li>
          <li>
            Here:{' '}
            {stored ? (
              <button type="button" className="link" onClick={() => navigate('key')}>
                API key → Delete key
              </button>
            ) : (
              'API key → Delete key'
            )}{' '}
            removes the encrypted copy from this computer.
          </li>
        </ol>
        <p>
          <strong>Rotation:</strong> LendPace reminds you when a key is more than 90 days old. Create a new key on Bitfinex, replace it on
          the API key page, then revoke the old one on Bitfinex.
          {vault?.rotationDue ? ' Your key is past 90 days now.' : ''}
        </p>
      </Card>

      <Card title="Two protections to switch on at Bitfinex" testId="help-ip-2fa">
        <ul>
          <li>
            <strong>Restrict the key to this computer's IP address</strong> (IP access restrictions, when you create the key). LendPace
            calls Bitfinex directly from this computer, so no other address ever needs the key: a copy stolen from here would not work
            from anywhere else.
          </li>
          <li>
            <strong>Enable two-factor authentication</strong> on your Bitfinex account. Creating and changing keys, and withdrawals, then
            need your second factor, which a stolen key or password alone does not have.
          </li>
        </ul>
      </Card>

      <Card title="When LendPace is closed" testId="help-closed">
        <ul>
          <li>Loans already taken keep running and earning until the borrower returns them; Bitfinex pays the interest daily.</li>
          <li>
            Offers already on the book stay there and can still be taken: stopping or closing LendPace does not cancel them
            {settings?.cancelOffersOnStop ? ' (but you chose to have them cancelled whenever you press Stop)' : ''}. Use “Cancel all my
            offers now” on the dashboard to remove them.
          </li>
          <li>
            {settings?.keepLendingWhenClosed
              ? 'On quit, LendPace switches on Bitfinex auto-renew, so Bitfinex itself keeps re-offering your money (at FRR, or at your floor rate when you do not allow FRR) while LendPace is closed. When LendPace starts again it switches auto-renew off and takes over.'
              : 'You turned off "Keep lending while LendPace is closed": nothing new is offered while it is closed, and returned money waits in your funding wallet.'}
          </li>
          <li>If lending was running when LendPace closed, it resumes when LendPace starts again (after you unlock the key, when it has a passphrase).</li>
        </ul>
      </Card>
    </div>
  )
}
