// Sentences a user understands. Rates are shown per day and as simple APR, before Bitfinex's fee.
import type { Currency } from '../../shared/domain'
import { formatSentenceApr } from '../../shared/rate'

export function formatRate(rate: number): string {
  const pct = rate * 100
  return `${pct >= 0.001 || pct === 0 ? pct.toFixed(4) : pct.toPrecision(3)} %/day`
}

export function formatAmount(amount: number, currency: Currency): string {
  if (currency === 'USD' || currency === 'UST') return `${amount.toFixed(2)} ${currency}`
  return `${Number(amount.toFixed(8))} ${currency}`
}

/** Market-sized amounts (queues of hundreds of millions) in millions, others as formatAmount. */
export function formatBigAmount(amount: number, currency: Currency): string {
  return amount >= 1e6 ? `${(amount / 1e6).toFixed(amount >= 1e7 ? 0 : 1)} M ${currency}` : formatAmount(amount, currency)
}

/** A wait in hours, or in minutes when under an hour. */
export function formatHours(hours: number): string {
  return hours < 1 ? `${Math.max(1, Math.round(hours * 60))} min` : `${hours.toFixed(hours < 10 ? 1 : 0)} h`
}

export function formatChance(p: number): string {
  if (p > 0 && p < 0.005) return 'under 1 %'
  if (p < 1 && p > 0.995) return 'over 99 %'
  return `${Math.round(p * 100)} %`
}

export function formatMinutes(minutes: number): string {
  if (minutes >= 120 && minutes % 60 === 0) return `${minutes / 60} h`
  return `${minutes} min`
}

export const rateWithApr = (rate: number): string => `${formatRate(rate)} (${formatSentenceApr(rate)} before fee)`
