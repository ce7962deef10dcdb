// "What does my money earn now?" first: one line for all currencies in the display currency, then one row
// per currency. Every rate here is after Bitfinex's 15 % fee, so realized APR and FRR compare directly.
import type { EarningsGlance as Glance, GlanceFigures, GlanceWindow } from '../../shared/contract'
import { aprOf, formatAmount, formatDays, formatMaybePercent, formatSmallAmount, netOfFee } from '../format'

const blendedAfterFee = (f: GlanceFigures): number | null => (f.blendedDailyRate === null ? null : netOfFee(aprOf(f.blendedDailyRate)))

/** "last 7 days" or, when lending began recently, "last 3 days (all there is)". */
function windowLabel(w: GlanceWindow): string {
  if (w.coveredDays === 0) return `last ${formatDays(w.days)} (no interest paid yet)`
  return w.coveredDays < w.days ? `last ${formatDays(w.coveredDays)} (all there is)` : `last ${formatDays(w.days)}`
}

function WindowSentence({ w }: { w: GlanceWindow }) {
  return (
    <li>
      {windowLabel(w)}: <strong>{formatMaybePercent(w.realizedAprNet)}</strong> realized vs FRR {formatMaybePercent(w.frrAprNet)}
    </li>
  )
}

export function EarningsGlance({ glance }: { glance: Glance }) {
  const { total } = glance
  const blended = blendedAfterFee(total)
  return (
    <div className="glance" data-testid="earnings-glance">
      <p className="glance-headline" data-testid="earning-now">
        Earning about <strong>{formatSmallAmount(total.earningPerDay, total.displayCurrency)} a day</strong> now, after fee
        {total.lent > 0 ? (
          <>
            , from {formatAmount(total.lent, total.displayCurrency)} lent at a blended {formatMaybePercent(blended)} APR after fee
          </>
        ) : (
          <>: nothing is lent right now</>
        )}
        .
      </p>
      <ul className="glance-windows muted">
        {total.windows.map((w) => (
          <WindowSentence key={w.days} w={w} />
        ))}
      </ul>
      <p className="muted small">
        All rates after Bitfinex's 15 % fee. Realized APR is the interest received over the money in your funding wallet (lent,
        offered and idle); FRR is its average over the same days.
        {total.excluded.length ? ` ${total.excluded.join(', ')} ${total.excluded.length === 1 ? 'is' : 'are'} not in this line: Bitfinex did not answer with a price to convert ${total.excluded.length === 1 ? 'it' : 'them'} to ${total.displayCurrency}.` : ''}
      </p>
      {glance.rows.length > 1 || total.excluded.length ? (
        <div className="table-scroll">
          <table className="table" data-testid="glance-table">
            <caption className="visually-hidden">Earnings per currency, after fee</caption>
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col" className="num">
                  Earning now, a day
                </th>
                <th scope="col" className="num">
                  Blended APR of what is lent
                </th>
                {glance.rows[0]?.windows.map((w) => (
                  <th scope="col" className="num" key={w.days}>
                    {formatDays(w.days)}: realized / FRR
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {glance.rows.map((r) => (
                <tr key={r.currency} data-testid={`glance-row-${r.currency}`}>
                  <th scope="row">{r.currency}</th>
                  <td className="num">{formatSmallAmount(r.earningPerDay, r.currency)}</td>
                  <td className="num">{formatMaybePercent(blendedAfterFee(r))}</td>
                  {r.windows.map((w) => (
                    <td className="num" key={w.days}>
                      {formatMaybePercent(w.realizedAprNet)} / {formatMaybePercent(w.frrAprNet)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  )
}
