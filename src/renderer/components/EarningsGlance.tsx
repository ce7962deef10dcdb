// "What does my money earn now?" first: one line for all currencies in the display currency, then one row
// per currency. Every rate here is after Bitfinex's 15 % fee, so realized APR and FRR compare directly.
import type { EarningsGlance as Glance, GlanceFigures, GlanceWindow, ShadowBenchmark } from '../../shared/contract'
import { DEFAULT_DISPLAY_CURRENCY } from '../../shared/settings'
import { aprOf, formatAmount, formatDate, formatDays, formatMaybePercent, formatNumber, formatPercent, formatSmallAmount, formatUtcDay, netOfFee } from '../format'
import { useAppStore } from '../store/appStore'

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

/** "+1.23 USD" / "−0.40 USD": a difference reads as one. */
const signedAmount = (x: number, currency: string): string => `${x >= 0 ? '+' : '−'}${formatSmallAmount(Math.abs(x), currency)}`

/** "IBRR vs auto-renew since you started", with the model it rests on in plain words. */
function ShadowLine({ shadow }: { shadow: ShadowBenchmark }) {
  const c = shadow.displayCurrency
  const paper = shadow.mode === 'paper' ? 'Paper money: ' : ''
  if (shadow.state === 'notStarted' || shadow.startedAt === null)
    return (
      <p className="glance-shadow muted" data-testid="shadow-benchmark">
        {paper}IBRR vs auto-renew: LendPace starts comparing your earnings with Bitfinex auto-renew at FRR from your first lending cycle.
      </p>
    )
  if (shadow.state === 'tooEarly')
    return (
      <p className="glance-shadow" data-testid="shadow-benchmark">
        {paper}IBRR vs auto-renew since you started ({formatDate(shadow.startedAt)}): <strong>too early to say</strong>. The first whole day is
        compared once Bitfinex has paid its interest, the morning after.
      </p>
    )
  const days = shadow.firstDay && shadow.lastDay && shadow.firstDay !== shadow.lastDay ? `${formatUtcDay(shadow.firstDay)} to ${formatUtcDay(shadow.lastDay)}` : formatUtcDay(shadow.firstDay ?? '')
  return (
    <div className="glance-shadow" data-testid="shadow-benchmark">
      <p className="glance-headline">
        {paper}IBRR vs auto-renew since you started: <strong data-testid="shadow-difference">{signedAmount(shadow.actual - shadow.autoRenew, c)}</strong> (model);{' '}
        <span data-testid="shadow-difference-all-lent">{signedAmount(shadow.actual - shadow.autoRenewAllLent, c)}</span> if auto-renew had been lent all
        the time
      </p>
      <p className="muted small" data-testid="shadow-basis">
        Over {formatDays(shadow.days)} ({days}, UTC) you earned {formatSmallAmount(shadow.actual, c)}; Bitfinex auto-renew at FRR would have earned
        about {formatSmallAmount(shadow.autoRenew, c)} on the same money. Model: auto-renew at FRR in 2-day loans, calibrated FRR-queue wait
        {shadow.waitHours === null ? '' : ` about ${formatNumber(shadow.waitHours, 0)} h`}, lent
        {shadow.lentShare === null ? '' : ` about ${formatPercent(shadow.lentShare, 0)} of the time`} (a 2-day loan lives {formatNumber(shadow.lifeHours, 0)} h
        on average), after the 15 % fee, since {formatDate(shadow.startedAt)}. How fast FRR offers are really taken cannot be seen in
        Bitfinex&apos;s data, so the truth lies between the model and always lent. Only whole days LendPace watched count.
        {shadow.excluded.length ? ` ${shadow.excluded.join(', ')} left out: no price to convert to ${c}.` : ''}
      </p>
    </div>
  )
}

export function EarningsGlance({ glance }: { glance: Glance }) {
  const { total } = glance
  const blended = blendedAfterFee(total)
  const wanted = useAppStore((s) => s.settings?.displayCurrency ?? DEFAULT_DISPLAY_CURRENCY)
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
      {wanted !== total.displayCurrency ? (
        <p className="muted small" data-testid="display-currency-fallback">
          Bitfinex did not answer with a {wanted} price just now, so this line is in {total.displayCurrency}.
        </p>
      ) : null}
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
      {glance.shadow ? <ShadowLine shadow={glance.shadow} /> : null}
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
