// First run: how to make a safe Bitfinex key, paste it, see each permission judged; or try paper mode.
import { KeyForm } from '../components/KeyForm'
import { Card, ErrorText } from '../components/Feedback'
import { useAppStore } from '../store/appStore'

export function Onboarding() {
  const tryPaperMode = useAppStore((s) => s.tryPaperMode)
  const goLive = useAppStore((s) => s.goLive)
  const navigate = useAppStore((s) => s.navigate)
  const busy = useAppStore((s) => s.busy.mode)
  const modeError = useAppStore((s) => s.errors.mode)
  const check = useAppStore((s) => s.lastKeyCheck)
  const vault = useAppStore((s) => s.vault)
  const keyReady = Boolean(check?.accepted && vault?.stored)

  return (
    <div className="page" data-testid="page-onboarding">
      <h1>Connect Bitfinex</h1>
      <p className="lead">
        LendPace lends the idle money in your Bitfinex funding wallet. Your API key stays on this computer: it is encrypted here and
        used only to sign requests from this computer to Bitfinex.
      </p>
      <div className="paper-bar" data-testid="paper-card">
        <div>
          <strong>Not ready for a key?</strong> Paper mode lends simulated money on a simulated market: no key, no risk, and you can
          watch what LendPace would do.
        </div>
        <button type="button" className="button" onClick={() => void tryPaperMode()} disabled={busy} data-testid="try-paper">
          {busy ? 'Starting paper mode…' : 'Try paper mode first'}
        </button>
      </div>
      {keyReady ? null : <ErrorText message={modeError} testId="mode-error" />}
      <div className="grid-onboarding">
        <Card title="1. Create an API key on Bitfinex" testId="key-guide">
          <ol className="steps">
            <li>
              Sign in at bitfinex.com and open <strong>Account → API Keys</strong>, then <strong>Create New Key</strong>.
            </li>
            <li>
              Switch every permission <strong>off</strong>, then turn on only:
              <ul>
                <li>
                  <strong>Margin Funding</strong>: “Get funding statuses and info” (read) and “Offer, cancel and close funding” (write).
                </li>
                <li>
                  <strong>Wallets</strong>: “Get wallet balances and addresses” (read only), so LendPace can see your lendable balance.
                </li>
                <li data-testid="guide-history">
                  <strong>Account History</strong> (read only), recommended: earnings then are the interest Bitfinex actually paid you.
                  Without it LendPace can only estimate them from the loans it sees, and the estimate can be far off.
                </li>
              </ul>
            </li>
            <li className="never">
              Never enable <strong>Withdrawal</strong>. LendPace refuses any key that can move money off Bitfinex.
            </li>
            <li>
              Give the key a <strong>label</strong> you will recognise, such as “LendPace on my laptop”.
            </li>
            <li>
              Restrict <strong>IP access</strong> to your own public IP address. LendPace calls Bitfinex directly from this computer, so
              that is the only address the key needs.
            </li>
            <li>
              Confirm by e-mail or 2FA. Bitfinex shows the <strong>secret only once</strong>: copy the key and the secret straight into
              the form.
            </li>
          </ol>
        </Card>
        <Card title="2. Paste the key and secret" testId="key-entry">
            <KeyForm
              afterAccept={
                keyReady ? (
                  <>
                    <button type="button" className="button primary" onClick={() => void goLive()} disabled={busy} data-testid="go-live">
                      Start lending
                    </button>
                    <button type="button" className="button" onClick={() => navigate('dashboard')} data-testid="go-dashboard">
                      Go to the dashboard
                    </button>
                    <ErrorText message={modeError} testId="go-live-error" />
                  </>
                ) : null
              }
            />
        </Card>
      </div>
    </div>
  )
}
