// Where IBRR's fill model comes from for this currency: the calibrated prior, plus the user's own fills.
import type { CurrencySummary } from '../../shared/contract'

export function FillModelNote({ summary }: { summary?: CurrencySummary }) {
  if (!summary?.fillModel) return null
  return (
    <p className="muted" data-testid={`fill-model-${summary.currency}`} title="IBRR starts from a model measured on the market and learns from how fast your own offers fill and how long your loans live.">
      {summary.fillModel}
    </p>
  )
}
