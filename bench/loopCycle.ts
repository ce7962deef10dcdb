// One full lending cycle (market snapshot → IBRR → reconcile → record) of the real core against the local
// test exchange over loopback HTTP: wall time per cycle and requests per cycle, the number that must stay
// inside Bitfinex's per-minute budgets.
import { API_KEY, startHarness } from '../tests/support/coreHarness'
import { median } from './common'
import type { BenchSection } from './sections'

const CYCLES = 20

export const loopCycleSection: BenchSection = {
  title: 'Full loop cycle against the local test exchange',
  async run() {
    const h = await startHarness({ balances: { USD: 25_000 } })
    try {
      await h.call('startLending')
      h.exchange.clearRequests()
      const times: number[] = []
      for (let i = 0; i < CYCLES; i++) {
        // Some market movement each time, so cycles do real work (fills free money to re-lend).
        const offer = h.exchange.state(API_KEY).offers[0]
        if (offer) h.exchange.fill(API_KEY, offer.id, Math.min(offer.amount, 500))
        const t = process.hrtime.bigint()
        h.core.runCycleNow('bench')
        await h.pump(h.nextCycle())
        times.push(Number(process.hrtime.bigint() - t) / 1e6)
        await h.clock.advance(60_000)
      }
      const requests = h.exchange.requests()
      return [
        `| cycles | median wall time | slowest | requests per cycle (mean) |`,
        `|---|---|---|---|`,
        `| ${CYCLES} | ${median(times).toFixed(0)} ms | ${Math.max(...times).toFixed(0)} ms | ${(requests.length / CYCLES).toFixed(1)} |`,
        '',
        'Each cycle also partially fills one offer on the exchange, so IBRR re-plans freed money. Wall time includes the',
        'atomic writes of the decision log and the nonce high-water mark (fsync) on this disk.'
      ].join('\n')
    } finally {
      await h.close()
    }
  }
}
