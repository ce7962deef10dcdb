// A whale-sized balance: above 2^53 units (~90 M of a currency at 1e-8 units) one unit is below a
// double's resolution, so plan()'s float guard, which once trimmed the largest offer one unit at a time,
// never ended (x − 1 === x) and froze the main process. Found by a fuzz comparison of plan() versions.
//
// That bug fails by looping forever, synchronously: in the test's own thread no timeout of vitest could
// interrupt it, and CI would stall instead of reporting. So plan() runs in a worker thread (the TS source
// loaded through tsx's require hook, as bench/storageSoak.ts loads its worker) under a deadline that
// starts once the worker has loaded the engine; past it the worker is terminated (V8 stops even an
// endless loop there) and the test fails with a sentence that names the loop.
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import type { AccountState, MarketSnapshot, Plan } from '../../src/shared/domain'
import type { Settings } from '../../src/shared/settings'
import { account, level, market, MIN, NOW, offer, settings } from './ibrr-fixtures'

/** What plan() takes on these inputs: milliseconds. Ten seconds is only ever reached by a loop. */
const PLAN_DEADLINE_MS = 10_000
const IBRR = join(__dirname, '../../src/main/ibrr/index.ts')

const WORKER = `
require('tsx/cjs')
const { parentPort, workerData } = require('node:worker_threads')
const { plan } = require(${JSON.stringify(IBRR)})
parentPort.postMessage({ ready: true })
const { market, account, settings, now } = workerData
parentPort.postMessage({ plan: plan(market, account, settings, now) })
`

/** plan() in a worker thread: its result, or a clear failure when it does not return by the deadline. */
function planInWorker(input: { market: MarketSnapshot; account: AccountState; settings: Settings; now: number }): Promise<Plan> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: input })
    let deadline: NodeJS.Timeout | undefined
    const end = (settle: () => void) => {
      clearTimeout(deadline)
      void worker.terminate()
      settle()
    }
    worker.on('message', (m: { ready?: true; plan?: Plan }) => {
      if (m.ready) {
        deadline = setTimeout(
          () => end(() => reject(new Error(`plan() did not return within ${PLAN_DEADLINE_MS / 1000} s on a ~113 M balance: it loops (the float guard that trims the placed sum to what is free, src/main/ibrr/plan.ts); the worker was terminated.`))),
          PLAN_DEADLINE_MS
        )
      } else if (m.plan) end(() => resolve(m.plan!))
    })
    worker.on('error', (e) => end(() => reject(e)))
    worker.on('exit', (code) => end(() => reject(new Error(`the plan() worker exited (code ${code}) before returning a plan`))))
  })
}

describe('plan() with a whale-sized balance', () => {
  it('ends, and keeps the placed sum within what is free, when four offers of ~113 M are merged into one', async () => {
    const at = (minutes: number) => ({ createdAt: NOW - minutes * MIN, updatedAt: NOW - minutes * MIN })
    const offers = [
      offer({ id: 100, amount: 492_201.81892849505, rate: 0.00023756, period: 120, ...at(523) }),
      offer({ id: 101, amount: 374.32716144, rate: 0.000307170714, period: 60, ...at(1_841) }),
      offer({ id: 102, amount: 112_393_163.51525486, rate: 0.00032705, period: 2, ...at(570) }),
      offer({ id: 103, amount: 2_396.29156384, rate: 0.00025543, period: 20, ...at(871) })
    ]
    const asks = Array.from({ length: 40 }, (_, k) => level(0.00022552 + k * 2e-7, [2, 7, 30, 120][k % 4], 150_000 + 10_000 * k))
    const a = account({ available: 5_465.648956596851, offers })
    const s = settings({ maxOpenOffers: 1, maxPeriod: 120 })
    const p = await planInWorker({ market: market({ asks, bids: [] }), account: a, settings: s, now: NOW })
    const free = a.available + p.cancel.reduce((sum, c) => sum + offers.find((o) => o.id === c.offerId)!.amount, 0)
    expect(p.place.length).toBeLessThanOrEqual(1)
    expect(p.place.reduce((sum, o) => sum + o.amount, 0)).toBeLessThanOrEqual(free)
    for (const o of p.place) {
      expect(Number.isFinite(o.amount) && o.amount > 0).toBe(true)
      expect(o.period).toBeGreaterThanOrEqual(s.currencies.USD.minPeriod)
      expect(o.period).toBeLessThanOrEqual(120)
    }
  }, 60_000)
})
