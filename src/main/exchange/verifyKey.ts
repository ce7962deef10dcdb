// Checks an API key before the vault stores it: Bitfinex reports the key's scopes, checkKeyScopes
// judges them (refuse withdraw-type and funding-less keys, warn about extras), and then the key must be
// able to read the lendable balance: without it the loop can never place an offer, so the key is refused
// now, naming the permission to add, instead of being stored and failing at Start.
import type { Currency, KeyCheck } from '../../shared/domain'
import { checkKeyScopes } from './keyCheck'
import type { FundingExchange } from './port'

export async function verifyKey(
  exchange: Pick<FundingExchange, 'keyPermissions' | 'lendableBalance'>,
  opts: { balanceCurrency?: Currency } = {}
): Promise<KeyCheck> {
  const check = checkKeyScopes(await exchange.keyPermissions())
  if (!check.accepted) return check
  // Any currency shows whether the balance is readable at all (a wallet that never held one reads as 0).
  const balance = await exchange.lendableBalance(opts.balanceCurrency ?? 'USD')
  if (balance.readable) return check
  const reason = `${balance.message} Add the "${balance.neededPermission}" permission to the key, then add it again.`
  const scopes = check.scopes.some((s) => s.scope === 'wallets')
    ? check.scopes.map((s) => (s.scope === 'wallets' ? { ...s, verdict: 'refused' as const, reason } : s))
    : [...check.scopes, { scope: 'wallets', read: false, write: false, verdict: 'refused' as const, reason }]
  return { accepted: false, scopes, messages: [reason, ...check.messages] }
}
