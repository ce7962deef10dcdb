// The funding book as depth: how much borrowers want (bids) and lenders offer (asks) around each rate,
// cumulative from the top of the book outwards, with today's FRR and the user's own offers marked. Each
// side has its own titled axis, so a thin side is still readable next to a deep one. x is APR before fee.
import { Area, AreaChart, CartesianGrid, Label, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { OfferView } from '../../shared/contract'
import type { FundingBook } from '../../shared/domain'
import { depthPoints, niceTicks, tickDecimals } from '../chartData'
import { aprOf, formatCompact, formatNumber } from '../format'
import { AXIS_TICK, GRID, TOOLTIP_STYLE } from './chartStyle'

const AXIS_LABEL = { fontSize: 11, fill: 'var(--muted)' }

export function DepthChart({ book, currency, frr, myOffers = [] }: { book: FundingBook; currency: string; frr?: number; myOffers?: OfferView[] }) {
  const data = depthPoints(book)
  if (data.length === 0) return <p className="muted">The funding book is empty right now.</p>
  const mine = [...new Set(myOffers.filter((o) => o.rate > 0).map((o) => aprOf(o.rate) * 100))]
  const frrApr = frr && frr > 0 ? aprOf(frr) * 100 : null
  const xs = [...data.map((p) => p.apr), ...mine, ...(frrApr === null ? [] : [frrApr])]
  const xTicks = niceTicks(Math.min(...xs), Math.max(...xs), 6)
  const xDecimals = tickDecimals(xTicks)
  const summary = `Funding book depth for ${currency}: bids from ${formatNumber(data[0].apr)} % APR, ${mine.length ? `${mine.length} rate(s) of your offers marked, ` : ''}${frrApr === null ? '' : `FRR at ${formatNumber(frrApr)} %.`}`
  return (
    <figure className="chart depth-chart" data-testid={`depth-chart-${currency}`} aria-label={summary} role="img">
      <ResponsiveContainer width="100%" height={170}>
        <AreaChart data={data} margin={{ top: 14, right: 4, left: 0, bottom: 14 }} accessibilityLayer={false}>
          <CartesianGrid {...GRID} />
          <XAxis
            dataKey="apr"
            type="number"
            domain={[xTicks[0], xTicks[xTicks.length - 1]]}
            ticks={xTicks}
            tickFormatter={(v: number) => `${formatNumber(v, xDecimals)} %`}
            tick={AXIS_TICK}
          >
            <Label value="APR before fee" position="insideBottom" offset={-10} style={AXIS_LABEL} />
          </XAxis>
          <YAxis yAxisId="bids" tickFormatter={formatCompact} tick={AXIS_TICK} width={46}>
            <Label value={`bids, ${currency}`} angle={-90} position="insideLeft" style={AXIS_LABEL} />
          </YAxis>
          <YAxis yAxisId="asks" orientation="right" tickFormatter={formatCompact} tick={AXIS_TICK} width={46}>
            <Label value={`asks, ${currency}`} angle={90} position="insideRight" style={AXIS_LABEL} />
          </YAxis>
          <Tooltip
            formatter={(value, name) => [`${formatCompact(Number(value))} ${currency}`, name === 'bids' ? 'Borrowers want (at this rate or more)' : 'Lenders offer (at this rate or less)']}
            labelFormatter={(label) => `${formatNumber(Number(label))} % APR before fee`}
            contentStyle={TOOLTIP_STYLE}
          />
          <Area yAxisId="bids" type="stepAfter" dataKey="bids" stroke="var(--bid)" fill="var(--bid)" fillOpacity={0.25} isAnimationActive={false} />
          <Area yAxisId="asks" type="stepAfter" dataKey="asks" stroke="var(--ask)" strokeWidth={2} fill="var(--ask)" fillOpacity={0.25} isAnimationActive={false} />
          {frrApr === null ? null : (
            <ReferenceLine yAxisId="bids" x={frrApr} stroke="var(--text)" strokeDasharray="4 3">
              <Label value="FRR" position="top" style={AXIS_LABEL} />
            </ReferenceLine>
          )}
          {mine.map((x, i) => (
            <ReferenceLine key={x} yAxisId="bids" x={x} stroke="var(--accent)" strokeWidth={1.5}>
              {i === 0 ? <Label value="you" position="top" style={{ ...AXIS_LABEL, fill: 'var(--accent)' }} /> : null}
            </ReferenceLine>
          ))}
        </AreaChart>
      </ResponsiveContainer>
      <figcaption className="legend small">
        <span className="legend-swatch legend-bid" aria-hidden="true" /> bids (borrowers) <span className="legend-swatch legend-ask" aria-hidden="true" /> asks
        (lenders) <span className="legend-swatch legend-mine" aria-hidden="true" /> your offers <span className="legend-swatch legend-frr" aria-hidden="true" /> FRR
      </figcaption>
    </figure>
  )
}
