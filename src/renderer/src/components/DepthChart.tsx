// The funding book as depth: how much borrowers want (bids) and lenders offer (asks) at each rate,
// cumulative from the top of the book outwards. The x axis is APR before fee so it reads like the rest.
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { AXIS_TICK, GRID, TOOLTIP_STYLE } from './chartStyle'
import type { FundingBook } from '../../../shared/domain'
import { depthPoints } from '../chartData'

const compact = (v: number): string => Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(v)

export function DepthChart({ book, currency }: { book: FundingBook; currency: string }) {
  const data = depthPoints(book)
  if (data.length === 0) return <p className="muted">The funding book is empty right now.</p>
  return (
    <div className="chart" data-testid={`depth-chart-${currency}`} aria-label={`Funding book depth for ${currency}`} role="img">
      <ResponsiveContainer width="100%" height={190}>
        <AreaChart data={data} margin={{ top: 8, right: 12, left: 0, bottom: 0 }}>
          <CartesianGrid {...GRID} />
          <XAxis
            dataKey="apr"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(v: number) => `${v.toFixed(1)}%`}
            tick={AXIS_TICK}
          />
          <YAxis tickFormatter={compact} tick={AXIS_TICK} width={48} />
          <Tooltip
            formatter={(value, name) => [`${compact(Number(value))} ${currency}`, name === 'bids' ? 'Borrowers want' : 'Lenders offer']}
            labelFormatter={(label) => `${Number(label).toFixed(2)} % APR before fee`}
            contentStyle={TOOLTIP_STYLE}
          />
          <Area type="stepAfter" dataKey="bids" stroke="var(--bid)" fill="var(--bid)" fillOpacity={0.25} isAnimationActive={false} connectNulls={false} />
          <Area type="stepBefore" dataKey="asks" stroke="var(--ask)" fill="var(--ask)" fillOpacity={0.25} isAnimationActive={false} connectNulls={false} />
        </AreaChart>
      </ResponsiveContainer>
      <div className="legend">
        <span className="legend-bid">■ bids (borrowers)</span> <span className="legend-ask">■ asks (lenders)</span>
        <span className="muted"> · x: APR before fee, y: cumulative {currency}</span>
      </div>
    </div>
  )
}
