// The --currency value both CLIs accept: a funding symbol (fUSD) or a bare currency (USD).
import { currencyOf, type Currency } from '../../shared/domain'

export function currencyArg(value: string): Currency {
  try {
    return currencyOf(value.startsWith('f') ? value : `f${value}`)
  } catch {
    // currencyOf's own error is a zod issue dump; a person typing a flag wants one sentence.
    throw new Error(`Unknown currency "${value}" (fUSD, fUST, fBTC or fETH).`)
  }
}
