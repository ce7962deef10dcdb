// Amounts as Bitfinex takes them: at most 8 decimals, rounded down so an offer never asks for more
// than the wallet holds. Both adapters and the backtest strategies round the same way.
import { AMOUNT_DECIMALS } from '../../shared/domain'

const SCALE = 10 ** AMOUNT_DECIMALS

/** The 1e-6-satoshi slack absorbs float noise (e.g. 0.29 * 1e8 = 28999999.999999996) that would otherwise lose a satoshi. */
export const roundDownAmount = (x: number): number => Math.floor(x * SCALE + 1e-6) / SCALE
