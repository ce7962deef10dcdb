// Amounts as Bitfinex takes them: at most 8 decimals (whole units of 1e-8), rounded DOWN so an offer
// never asks for more than the wallet holds. IBRR's arithmetic, both exchange adapters, the loop and the
// backtest strategies all round here, the same way.
import { AMOUNT_DECIMALS } from './domain'

const UNIT = 10 ** AMOUNT_DECIMALS

/**
 * An amount in whole 1e-8 units, rounded down; 0 for anything not positive. The nearest unit is taken
 * first and stepped down when, as a number, it is above the amount: so a value already on the grid keeps
 * its unit whatever the float error of the multiplication (0.29 * 1e8 = 28999999.999999996, 1024.09 * 1e8 =
 * 102408999999.99998), and the result is never above the amount, at any size. (A fixed slack cannot do
 * both: an absolute one lost a unit from 1024.09, a relative one added a unit to amounts in the millions.)
 */
export function toUnitsDown(amount: number): number {
  if (!(amount > 0) || !Number.isFinite(amount)) return 0
  const units = Math.round(amount * UNIT)
  return units / UNIT > amount ? units - 1 : units
}

/** The same, rounded up: the fewest units that are at least the amount (a minimum that must be met). */
export function toUnitsUp(amount: number): number {
  if (!(amount > 0) || !Number.isFinite(amount)) return 0
  const units = Math.round(amount * UNIT)
  return units / UNIT < amount ? units + 1 : units
}

export const fromUnits = (units: number): number => units / UNIT

/** An amount Bitfinex accepts: rounded down to 8 decimals. */
export const roundDownAmount = (amount: number): number => fromUnits(toUnitsDown(amount))
