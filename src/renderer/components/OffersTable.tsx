// The offers on the book and the money lent out, per currency. `null` means "not known right now" (the
// key is locked, Bitfinex unreachable): that is never shown as "No open offers", because offers may well
// be live. Identical offers (same rate, period, type, amount and reason) are one row with a count.
import type { OfferView } from '../../shared/contract'
import type { Loan } from '../../shared/domain'
import { formatAmount, formatCount, formatDuration, loanTimeLeftMs } from '../format'
import { Rate } from './Rate'

interface OfferGroup {
  key: string
  offers: OfferView[]
}

/** Offers that would read the same, as one row; oldest first within a group so the age shown is the longest wait. */
export function groupOffers(offers: OfferView[]): OfferGroup[] {
  const groups = new Map<string, OfferView[]>()
  for (const o of offers) {
    const key = [o.type, o.rate, o.period, o.amount, o.reason ?? ''].join('|')
    groups.set(key, [...(groups.get(key) ?? []), o])
  }
  return [...groups.entries()].map(([key, list]) => ({ key, offers: [...list].sort((a, b) => a.createdAt - b.createdAt) }))
}

const UNKNOWN = 'Not known right now: LendPace cannot read your Bitfinex account at the moment.'

export function OffersTable({ offers, currency, now }: { offers: OfferView[] | null; currency: string; now: number }) {
  if (offers === null) return <p className="muted">{UNKNOWN}</p>
  if (offers.length === 0) return <p className="muted">No open offers in {currency}.</p>
  return (
    <table className="table" data-testid={`offers-${currency}`} aria-label={`Open offers in ${currency}`}>
      <thead>
        <tr>
          <th scope="col">Rate</th>
          <th scope="col">Period</th>
          <th scope="col" className="num">
            Amount
          </th>
          <th scope="col">Waiting</th>
          <th scope="col">Why (IBRR)</th>
        </tr>
      </thead>
      <tbody>
        {groupOffers(offers).map(({ key, offers: group }) => {
          const o = group[0]
          const age = formatDuration(now - o.createdAt)
          return (
            <tr key={key} data-testid="offer-row" data-count={group.length}>
              <td>{o.type === 'FRRDELTAVAR' && o.rate === 0 ? <span>FRR (variable)</span> : <Rate rate={o.rate} />}</td>
              <td>{formatCount(o.period, 'day')}</td>
              <td className="num">
                {group.length > 1 ? <span className="muted">{group.length} × </span> : null}
                {formatAmount(o.amount, currency)}
              </td>
              <td data-testid="offer-age">{age}</td>
              <td className="reason">
                {o.reason ? (
                  <>
                    {o.reason} <span className="muted">(estimated when placed, {age} ago)</span>
                  </>
                ) : (
                  <span className="muted">Not placed by LendPace.</span>
                )}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

export function LoansTable({ loans, currency, now }: { loans: Loan[] | null; currency: string; now: number }) {
  if (loans === null) return <p className="muted">{UNKNOWN}</p>
  if (loans.length === 0) return <p className="muted">Nothing lent in {currency} right now.</p>
  return (
    <table className="table" data-testid={`loans-${currency}`} aria-label={`Active loans in ${currency}`}>
      <thead>
        <tr>
          <th scope="col">Rate</th>
          <th scope="col">Period</th>
          <th scope="col" className="num">
            Amount
          </th>
          <th scope="col">Time left</th>
          <th scope="col">Kind</th>
        </tr>
      </thead>
      <tbody>
        {loans.map((l) => {
          const left = loanTimeLeftMs(l.openedAt, l.period, now)
          return (
            <tr key={`${l.kind}-${l.id}`} data-testid="loan-row">
              <td>
                <Rate rate={l.rate} />
              </td>
              <td>{formatCount(l.period, 'day')}</td>
              <td className="num">{formatAmount(l.amount, currency)}</td>
              <td data-testid="loan-time-left">{left > 0 ? formatDuration(left) : 'due now'}</td>
              <td>
                {l.kind === 'credit' ? 'used in a position' : 'loan'}
                {l.rateType === 'VAR' ? ' · FRR' : ''}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
