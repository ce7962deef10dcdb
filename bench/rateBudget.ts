// Bitfinex's per-endpoint rate limits in steady state: USD, UST, BTC and ETH enabled at the default
// interval, the real core against the local test exchange on a manual clock (the timer's own ±10 %
// jitter included). Counts every request per endpoint bucket and compares the busiest 60-second window
// with the endpoint's limit, once with the app alone and once with the dashboard open (as appStore does:
// each cycle's snapshot event brings the market and the account, then the window asks for earnings and the
// glance, which take the account from that cycle). Target: under 30 % of every limit.
import { endpointOf } from '../src/main/exchange/bitfinex/endpoints'
import { CURRENCIES } from '../src/shared/domain'
import { DEFAULT_SETTINGS } from '../src/shared/settings'
import { API_KEY, startHarness, type Harness } from '../tests/support/coreHarness'
import { mdTable, pct } from './common'
import type { BenchSection } from './sections'

const WARMUP_CYCLES = 5
const MEASURED_CYCLES = 40
const TARGET = 0.3
const MINUTE = 60_000

interface Bucket {
  key: string
  perMinute: number
  times: number[]
}

function busiestWindow(times: number[]): number {
  let best = 0
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= MINUTE) j++
    best = Math.max(best, i - j + 1)
  }
  return best
}

async function measure(withDashboard: boolean): Promise<{ buckets: Bucket[]; minutes: number }> {
  const h: Harness = await startHarness({
    balances: { USD: 30_000, UST: 20_000, BTC: 0.5, ETH: 8 },
    exchange: { usdPrices: { BTC: 60_000, ETH: 3_000 } }
  })
  try {
    await h.call('updateSettings', { currencies: Object.fromEntries(CURRENCIES.map((c) => [c, { enabled: true }])) })
    await h.call('startLending')
    // Straight to the handlers (no clock pumping): these calls need no clock time, and pumping would
    // stretch simulated minutes and understate the rates.
    const dashboard = async () => {
      if (!withDashboard) return
      for (const currency of CURRENCIES) await h.core.handlers.getEarnings({ currency })
      await h.core.handlers.getEarningsGlance(undefined)
    }
    // Jump to the timer the loop set, then let the cycle's I/O finish on small clock steps.
    const cycle = async () => {
      const { nextCycleAt } = h.core.status()
      const done = h.nextCycle()
      if (nextCycleAt !== null) await h.clock.advance(Math.max(0, nextCycleAt - h.clock.now()))
      await h.pump(done, 20)
      await dashboard()
    }
    for (let i = 0; i < WARMUP_CYCLES; i++) await cycle()
    h.exchange.clearRequests()
    const start = h.clock.now()
    for (let i = 0; i < MEASURED_CYCLES; i++) {
      // Borrowers keep taking money, so cycles keep re-lending instead of idling.
      const offer = h.exchange.state(API_KEY).offers[i % 3]
      if (offer) h.exchange.fill(API_KEY, offer.id, offer.amount / 2)
      await cycle()
    }
    const minutes = (h.clock.now() - start) / MINUTE
    const buckets = new Map<string, Bucket>()
    for (const r of h.exchange.requests()) {
      const ep = endpointOf(r.path.replace(/^\/v2/, ''))
      const b = buckets.get(ep.key) ?? { key: ep.key, perMinute: ep.perMinute, times: [] }
      b.times.push(r.at)
      buckets.set(ep.key, b)
    }
    return { buckets: [...buckets.values()].sort((a, b) => busiestWindow(b.times) / b.perMinute - busiestWindow(a.times) / a.perMinute), minutes }
  } finally {
    await h.close()
  }
}

export const rateBudgetSection: BenchSection = {
  title: 'Rate budget: requests per endpoint in steady state (USD, UST, BTC, ETH)',
  async run() {
    const out: string[] = [
      `Loop interval ${DEFAULT_SETTINGS.loopIntervalSec} s (the default) with its ±10 % jitter; ${WARMUP_CYCLES} warm-up cycles, then ${MEASURED_CYCLES} measured,`,
      'each after a borrower takes half of one offer. "Busiest minute" is the most requests in any 60-second window, the',
      `figure Bitfinex's per-minute limit applies to; the target is under ${pct(TARGET)} of every limit.`,
      ''
    ]
    for (const withDashboard of [false, true]) {
      const { buckets, minutes } = await measure(withDashboard)
      const rows = buckets.map((b) => {
        const busiest = busiestWindow(b.times)
        const share = busiest / b.perMinute
        return [b.key, (b.times.length / minutes).toFixed(1), String(busiest), String(b.perMinute), pct(share), share < TARGET ? 'ok' : 'OVER']
      })
      const over = rows.filter((r) => r[5] === 'OVER').length
      out.push(
        `### ${withDashboard ? 'With the dashboard open (earnings and the glance refreshed after every cycle snapshot)' : 'App alone (window closed)'}`,
        '',
        mdTable(['endpoint', 'mean per minute', 'busiest minute', 'limit per minute', 'share of limit', 'target'], rows),
        '',
        over === 0 ? `Every endpoint stays under ${pct(TARGET)} of its limit.` : `${over} endpoint(s) over ${pct(TARGET)} of the limit.`,
        ''
      )
    }
    return out.join('\n')
  }
}
