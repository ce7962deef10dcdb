// The hindsight oracle: the upper limit. Every step it reads what the market will do over the next
// day (future book snapshots and traded volume, which no real strategy can see) and offers all idle
// money at the rate whose fills would earn most until the end of the window, for 120 days (the
// period that may meet any demand; the loan life still follows the borrower, rule R6). It is a
// strong hindsight strategy, not a proven bound: the benchmark reports any strategy that beats it.
import { MAX_PERIOD_DAYS, type FundingBook } from '../../../shared/domain'
import { DEFAULT_SETTINGS, minimumOfferAmount } from '../../../shared/settings'
import { replayFillRules } from '../../exchange/simulated'
import type { Strategy } from './types'

/** What an offer at `rate` would get from one book's bids (the fill model's rule R1, one offer), by demand period. */
function fillableDepth(book: FundingBook, rate: number, period: number): Take[] {
  const out: Take[] = []
  for (const b of book.bids) {
    if (!replayFillRules.bidTakes(b, rate, period)) continue
    const left = replayFillRules.bidLeftFor(book, b, rate)
    if (left > 0) out.push({ amount: left, demandPeriod: b.period })
  }
  return out
}

interface Take {
  amount: number
  demandPeriod: number
}

interface Opportunity {
  mts: number
  /** What an offer at `rate` would get from this event. */
  takes(rate: number): Take[]
}

/** E[min(life, cap)] for life ~ Exp(mean) (rule R6), in ms. */
function expectedLifeMs(meanDays: number, capMs: number): number {
  const m = meanDays * replayFillRules.DAY_MS
  return capMs <= 0 ? 0 : m * (1 - Math.exp(-capMs / m))
}

/**
 * Hindsight value of offering `amount` at `rate` now: rate × Σ filled amount × expected loan life
 * left in the window (rule R6), over the fills the future book and volume would have given within
 * the search horizon. Idle time earns nothing, so a high rate that fills late, or a spike loan that
 * returns in two days, compete fairly with a long loan filled at once.
 */
function hindsightValue(events: Opportunity[], rate: number, amount: number, searchEnd: number, windowEnd: number, offerPeriod: number): number {
  let filled = 0
  let value = 0
  for (const e of events) {
    if (e.mts > searchEnd || filled >= amount) break
    for (const t of e.takes(rate)) {
      const got = Math.min(amount - filled, t.amount)
      if (got <= 0) break
      filled += got
      value += got * expectedLifeMs(t.demandPeriod, Math.min(offerPeriod * replayFillRules.DAY_MS, windowEnd - e.mts))
    }
  }
  return rate * value
}

export function oracle(horizonMs = 86_400_000): Strategy {
  const period = MAX_PERIOD_DAYS
  return {
    name: 'oracle',
    description: `oracle: hindsight upper limit; each step it reads the next ${horizonMs / 3_600_000} h of book and volume (which no real strategy can see) and offers idle money for 120 days at the rate whose fills in that time would earn most until the end of the window (expected loan life, rule R6).`,
    async step(ctx) {
      const ex = ctx.exchange
      const open = await ex.activeOffers(ctx.currency)
      const bal = await ex.lendableBalance(ctx.currency)
      const idle = (bal.readable ? bal.amount : 0) + open.reduce((s, o) => s + o.amount, 0)
      const minimum = minimumOfferAmount(ctx.currency, DEFAULT_SETTINGS)
      if (idle < minimum) return
      const horizonEnd = Math.min(ctx.now + horizonMs, ctx.end)
      const events: Opportunity[] = []
      const visible = await ctx.feed.bookAt(ctx.now)
      if (visible) events.push({ mts: ctx.now, takes: (r) => fillableDepth(visible.book, r, period) })
      const future = await ctx.feed.activity(ctx.now, horizonEnd)
      for (const b of future.books) events.push({ mts: b.mts, takes: (r) => fillableDepth(b.book, r, period) })
      for (const v of future.volume) if (v.period <= period) events.push({ mts: v.mts, takes: (r) => [{ amount: replayFillRules.volumeAbove(v.pieces, r), demandPeriod: v.period }] })
      events.sort((a, b) => a.mts - b.mts)
      // Candidate rates: every bid rate in view and a grid over the traded range.
      const rates = new Set<number>()
      for (const b of [visible, ...future.books]) b?.book.bids.forEach((l) => l.period <= period && rates.add(l.rate))
      const pieces = future.volume.flatMap((v) => v.pieces)
      if (pieces.length) {
        const lo = Math.min(...pieces.map((p) => p.lo))
        const hi = Math.max(...pieces.map((p) => p.hi))
        for (let i = 0; i < 40; i++) rates.add(lo + ((hi - lo) * i) / 40)
      }
      let best = 0
      let bestValue = 0
      for (const r of rates) {
        if (!(r > 0)) continue
        const v = hindsightValue(events, r, idle, horizonEnd, ctx.end, period)
        if (v > bestValue) {
          bestValue = v
          best = r
        }
      }
      if (!(best > 0)) return
      if (open.length === 1 && open[0].rate === best && (!bal.readable || bal.amount < minimum)) return
      if (open.length) await ex.cancelAllOffers(ctx.currency)
      const now = await ex.lendableBalance(ctx.currency)
      if (now.readable && now.amount >= minimum) await ex.submitOffer({ symbol: ctx.symbol, type: 'LIMIT', amount: now.amount, rate: best, period })
    }
  }
}
