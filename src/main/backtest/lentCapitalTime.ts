// Lent capital-time per loan period (amount × milliseconds lent), the one home of that sum: the
// `lendingbot` strategy adds every step of its run for its period-mix note; the policy-fidelity recorder
// keeps each step's lent amounts and adds only the steps inside one data window (one accumulator per
// window), so a split by window, day or anything else is a choice of which steps to add.

/** A loan as far as lent capital-time is concerned. */
export interface LentAmount {
  period: number
  amount: number
}

/** The amount lent per loan period at one moment. */
export function lentByPeriod(loans: readonly LentAmount[]): Map<number, number> {
  const out = new Map<number, number>()
  for (const l of loans) out.set(l.period, (out.get(l.period) ?? 0) + l.amount)
  return out
}

/** Capital-time lent per loan period, summed over the steps added to it. */
export class LentCapitalTime {
  private readonly byPeriod = new Map<number, number>()

  /** One step: the amount lent per period over it (lentByPeriod) and the step's length in ms. */
  add(lent: ReadonlyMap<number, number>, ms: number): void {
    for (const [period, amount] of lent) this.byPeriod.set(period, (this.byPeriod.get(period) ?? 0) + amount * ms)
  }

  /** The capital-time of one period (0 when nothing was lent at it). */
  of(period: number): number {
    return this.byPeriod.get(period) ?? 0
  }

  /** Every period lent at, ascending. */
  periods(): number[] {
    return [...this.byPeriod.keys()].sort((a, b) => a - b)
  }

  /** All periods together. */
  total(): number {
    return [...this.byPeriod.values()].reduce((s, x) => s + x, 0)
  }

  /** One period's part of the total; 0 when nothing was lent. */
  share(period: number): number {
    const total = this.total()
    return total > 0 ? this.of(period) / total : 0
  }
}
