// Checks an API key before the vault stores it: Bitfinex reports the key's scopes, checkKeyScopes
// judges them (refuse withdraw-type and funding-less keys, warn about extras). Optionally also checks
// whether the key can read the lendable balance, and says which permission is missing if not.
import type { Currency, KeyCheck } from '../../shared/domain'
import { checkKeyScopes } from './keyCheck'
import type { FundingExchange } from './port'

export async function verifyKey(
  exchange: Pick<FundingExchange, 'keyPermissions' | 'lendableBalance'>,
  opts: { balanceCurrency?: Currency } = {}
): Promise<KeyCheck> {
  const check = checkKeyScopes(await exchange.keyPermissions())
  if (!check.accepted || !opts.balanceCurrency) return check
  const balance = await exchange.lendableBalance(opts.balanceCurrency)
  if (balance.readable) return check
  return { ...check, messages: [...check.messages, `${balance.message} (needs ${balance.neededPermission}).`] }
}
