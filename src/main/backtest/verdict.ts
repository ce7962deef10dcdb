// The one sentence a user reads at the end of a backtest: what IBRR earned a year after the fee, against
// the best simple bot and Bitfinex auto-renew, and in how many calibration bands that held. Ranges
// over the bands are shown so nobody mistakes the central number for a certainty.
import { CALIBRATION_BANDS } from '../../shared/calibration'
import type { BacktestReport, StrategyResult } from '../../shared/contract'

/** The simple bots a user could run instead (frr-optimistic is a sensitivity, oracle and bound hindsight). */
const SIMPLE_BOTS = ['ladder', 'mika', 'undercut'] as const

const pct = (x: number) => `${(x * 100).toFixed(1)} %`
/** "1.64× the best simple bot", or plain words when the other earned nothing (no ratio to give). */
const against = (mine: number, theirs: number, who: string) => (theirs > 0 ? `${(mine / theirs).toFixed(2)}× ${who}` : `${who} earned nothing`)

function bestSimple(strategies: Record<string, StrategyResult>): StrategyResult | null {
  return SIMPLE_BOTS.map((n) => strategies[n]).filter(Boolean).reduce<StrategyResult | null>((b, s) => (!b || s.netApr > b.netApr ? s : b), null)
}

export function verdictSentence(r: BacktestReport): string | null {
  const bands = CALIBRATION_BANDS.filter((b) => r.bands?.[b])
  const central = r.strategies
  const ib = central.ibrr
  const simple = bestSimple(central)
  const frr = central.frr
  if (!ib || !simple || !frr) return null
  const held = bands.filter((b) => {
    const s = r.bands![b]!.strategies
    const best = bestSimple(s)
    return s.ibrr && best && s.frr && s.ibrr.netApr > best.netApr && s.ibrr.netApr > s.frr.netApr
  }).length
  const aprs = bands.map((b) => r.bands![b]!.strategies.ibrr.netApr)
  const rangeText = bands.length > 1 ? ` (${pct(Math.min(...aprs))} to ${pct(Math.max(...aprs))} across the market models)` : ''
  const where = bands.length === 0 ? '' : held === bands.length ? `, in all ${bands.length === 3 ? 'three' : bands.length} market models (cautious to generous fills)` : `, ahead of both in ${held} of ${bands.length} market models (cautious to generous fills)`
  return `On this data IBRR earned ${pct(ib.netApr)} a year after fee${rangeText}: ${against(ib.netApr, simple.netApr, 'the best simple bot')} and ${against(ib.netApr, frr.netApr, 'Bitfinex auto-renew')}${where}.`
}
