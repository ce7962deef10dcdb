// The CLI's readable table of a backtest report.
import type { BacktestReport } from '../../shared/contract'

const pct = (x: number) => `${(x * 100).toFixed(2)} %`

export function formatReportTable(r: BacktestReport): string {
  const days = (r.to - r.from) / 86_400_000
  const head = ['strategy', 'net APR', 'utilization', 'avg rate/day', 'avg APR', 'earnings', 'placed', 'cancelled']
  const rows = Object.entries(r.strategies).map(([name, s]) => [
    name,
    pct(s.netApr),
    pct(s.utilization),
    s.avgRate.toFixed(7),
    pct(s.avgRate * 365),
    s.earnings.toFixed(2),
    String(s.placed),
    String(s.cancelled)
  ])
  const oracle = r.strategies.oracle
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  const out = [
    `Backtest ${r.currency}, capital ${r.capital}, ${new Date(r.from).toISOString().slice(0, 16)} → ${new Date(r.to).toISOString().slice(0, 16)} UTC (${days.toFixed(1)} days)`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line)
  ]
  if (oracle && oracle.earnings > 0)
    out.push('', 'Share of the oracle (earnings): ' + Object.entries(r.strategies).filter(([n]) => n !== 'oracle').map(([n, s]) => `${n} ${pct(s.earnings / oracle.earnings)}`).join(', '))
  out.push('', 'net APR is after Bitfinex\'s 15 % fee; avg rate and avg APR are before it.', '', 'Assumptions:', ...r.notes.map((n) => `- ${n}`))
  return out.join('\n')
}
