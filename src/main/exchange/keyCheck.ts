// Our verdict on an API key's scopes (docs/bitfinex.md, Key permissions). Pure, so the vault, the onboarding screen and
// the tests share one rule: refuse anything that can move money out, require funding read+write,
// tolerate wallets read (needed to see the lendable balance), and warn about everything else.
import type { KeyCheck, KeyScope, ScopeCheck } from '../../shared/domain'

/** Scopes that only let the key look; harmless but not needed, except wallets read which we use. */
const READ_ONLY_OK = new Set(['wallets', 'history'])

export function checkKeyScopes(scopes: KeyScope[]): KeyCheck {
  const checks: ScopeCheck[] = scopes.map((s) => {
    const granted = s.read || s.write
    // Bitfinex lists every scope with 0/1 flags, so an ungranted "funding" row must still be judged below.
    if (!granted && s.scope !== 'funding') return { ...s, verdict: 'ok', reason: 'Not granted.' }
    if (/withdraw/i.test(s.scope))
      return {
        ...s,
        verdict: 'refused',
        reason: `"${s.scope}" lets the key move money off Bitfinex. Create a key without any withdrawal permission.`
      }
    if (s.scope === 'funding') {
      if (s.read && s.write) return { ...s, verdict: 'ok', reason: 'Margin Funding read and write: what the bot needs.' }
      return {
        ...s,
        verdict: 'refused',
        reason: 'Margin Funding needs both read ("Get funding statuses and info") and write ("Offer, cancel and close funding").'
      }
    }
    if (READ_ONLY_OK.has(s.scope) && !s.write)
      return {
        ...s,
        // Both read-only scopes are ones the onboarding guide asks for: judging one "warning" there would
        // contradict the guide (history read is what makes earnings Bitfinex's own numbers, not estimates).
        verdict: 'ok',
        reason:
          s.scope === 'wallets'
            ? 'Wallets read lets the bot see your lendable balance.'
            : "Account History read lets LendPace show the interest Bitfinex actually paid you; it cannot move money."
      }
    return {
      ...s,
      verdict: 'warning',
      reason: `"${s.scope}" ${s.write ? 'write' : 'read'} is more than the bot needs; a key with only Margin Funding is safer.`
    }
  })

  const funding = scopes.find((s) => s.scope === 'funding')
  if (!funding)
    checks.push({
      scope: 'funding',
      read: false,
      write: false,
      verdict: 'refused',
      reason: 'The key has no Margin Funding permission; enable read and write for Margin Funding.'
    })

  const refused = checks.filter((c) => c.verdict === 'refused')
  const warnings = checks.filter((c) => c.verdict === 'warning')
  return {
    accepted: refused.length === 0,
    scopes: checks,
    messages: [...refused, ...warnings].map((c) => c.reason)
  }
}
