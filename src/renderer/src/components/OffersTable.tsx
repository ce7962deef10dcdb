import type { OfferView } from '../../../shared/contract'
import type { Loan } from '../../../shared/domain'
import { formatAmount, formatDuration, loanTimeLeftMs } from '../format'
import { Rate } from './Rate'

export function OffersTable({ offers, currency, now }: { offers: OfferView[]; currency: string; now: number }) {
  if (offers.length === 0) return <p className="muted">No open offers in {currency}.</p>
  return (
    <table className="table" data-testid={`offers-${currency}`} aria-label={`Open offers in ${currency}`}>
      <thead>
        <tr>
          <th>Rate</th>
          <th>Period</th>
          <th className="num">Amount</th>
          <th>Age</th>
          <th>Why (IBRR)</th>
        </tr>
      </thead>
      <tbody>
        {offers.map((o) => (
          <tr key={o.id} data-testid="offer-row">
            <td>{o.type === 'FRRDELTAVAR' && o.rate === 0 ? <span>FRR (variable)</span> : <Rate rate={o.rate} />}</td>
            <td>{o.period} days</td>
            <td className="num">{formatAmount(o.amount, currency)}</td>
            <td>{formatDuration(now - o.createdAt)}</td>
            <td className="reason">{o.reason ?? <span className="muted">Not placed by LendPace.</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function LoansTable({ loans, currency, now }: { loans: Loan[]; currency: string; now: number }) {
  if (loans.length === 0) return <p className="muted">Nothing lent in {currency} right now.</p>
  return (
    <table className="table" data-testid={`loans-${currency}`} aria-label={`Active loans in ${currency}`}>
      <thead>
        <tr>
          <th>Rate</th>
          <th>Period</th>
          <th className="num">Amount</th>
          <th>Time left</th>
          <th>Kind</th>
        </tr>
      </thead>
      <tbody>
        {loans.map((l) => (
          <tr key={`${l.kind}-${l.id}`} data-testid="loan-row">
            <td>
              <Rate rate={l.rate} />
            </td>
            <td>{l.period} days</td>
            <td className="num">{formatAmount(l.amount, currency)}</td>
            <td>{formatDuration(loanTimeLeftMs(l.openedAt, l.period, now))}</td>
            <td>{l.kind === 'credit' ? 'used in a position' : 'loan'}{l.rateType === 'VAR' ? ' · FRR' : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
