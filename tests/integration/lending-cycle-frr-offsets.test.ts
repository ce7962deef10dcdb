// The loop sends what IBRR planned for FRR-relative offers: the offset (FRRDELTAFIX may be below FRR),
// not a blanket 0 that would put an FRR-fixed offer at the back of the whole FRR queue.
import { afterEach, describe, expect, it } from 'vitest'
import type { Plan } from '../../src/shared/domain'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'
import { runCycle } from '../../src/main/core/lending/cycle'
import { PlacementGuard } from '../../src/main/core/lending/placementGuard'
import { KEY, startPair, type Pair } from '../exchange-server/testing'

let pair: Pair | undefined
afterEach(async () => {
  await pair?.ex.close()
  pair = undefined
})

describe('FRR-relative offers from a cycle', () => {
  it('reach Bitfinex with their planned offset', async () => {
    pair = await startPair()
    const frr = (await pair.bfx.ticker('USD')).frr
    const offset = -frr * 0.1
    const planned: Plan = {
      symbol: 'fUSD',
      cancel: [],
      place: [
        { symbol: 'fUSD', type: 'FRRDELTAFIX', amount: 300, rate: offset, period: 7, fillProbability: 0.5, reason: 'FRR-fixed below FRR.' },
        { symbol: 'fUSD', type: 'FRRDELTAVAR', amount: 300, rate: 0, period: 30, fillProbability: 0.2, reason: 'Plain FRR.' }
      ],
      reasons: []
    }
    const result = await runCycle(
      { exchange: pair.bfx, plan: () => planned, now: () => pair!.clock.now(), record: () => {}, rememberReason: () => {}, guard: new PlacementGuard() },
      'USD',
      DEFAULT_SETTINGS,
      false
    )
    expect(result.placed).toBe(2)
    const offers = [...pair.ex.account(KEY.apiKey).offers.values()]
    expect(offers.find((o) => o.type === 'FRRDELTAFIX')?.rate).toBeCloseTo(offset, 8)
    expect(offers.find((o) => o.type === 'FRRDELTAVAR')?.rate).toBe(0)
  })
})
