import { formatApr, formatDailyRate } from '../format'

/** A daily rate as the user reads it: %/day on top, simple APR with its fee basis below. */
export function Rate({ rate, fee = 'before fee' }: { rate: number; fee?: 'before fee' | 'after fee' }) {
  return (
    <span className="rate">
      <span className="rate-daily">{formatDailyRate(rate)}</span>
      <span className="rate-apr">{formatApr(rate, fee)}</span>
    </span>
  )
}
