import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { NonceGenerator, memoryNonceStore } from '../../src/main/exchange/bitfinex/nonce'

const T = Date.UTC(2026, 5, 1)

describe('NonceGenerator', () => {
  it('uses microseconds and stays strictly increasing within one millisecond', async () => {
    const clock = new ManualClock(T)
    const g = new NonceGenerator(clock, memoryNonceStore())
    const a = await g.next()
    const b = await g.next()
    expect(a).toBe(T * 1000)
    expect(b).toBe(T * 1000 + 1)
    clock.set(T + 5)
    expect(await g.next()).toBe((T + 5) * 1000)
  })

  it('persists each nonce before handing it out', async () => {
    const saved: number[] = []
    const g = new NonceGenerator(new ManualClock(T), { load: async () => 0, save: async (n) => void saved.push(n) })
    const n = await g.next()
    expect(saved).toEqual([n])
  })

  it('never reuses a nonce after a restart with the clock stepped back', async () => {
    const store = memoryNonceStore()
    const clock = new ManualClock(T)
    const first = new NonceGenerator(clock, store)
    const before = [await first.next(), await first.next()]
    clock.set(T - 3_600_000) // the system clock is corrected backwards by an hour
    const restarted = new NonceGenerator(clock, store)
    const after = await restarted.next()
    expect(after).toBeGreaterThan(Math.max(...before))
  })

  it('hands out distinct increasing values to concurrent callers', async () => {
    const g = new NonceGenerator(new ManualClock(T), memoryNonceStore())
    const values = await Promise.all(Array.from({ length: 20 }, () => g.next()))
    const sorted = [...values].sort((a, b) => a - b)
    expect(values).toEqual(sorted)
    expect(new Set(values).size).toBe(20)
  })

  it('sends nothing with a nonce it could not persist', async () => {
    const g = new NonceGenerator(new ManualClock(T), { load: async () => 0, save: async () => Promise.reject(new Error('disk full')) })
    await expect(g.next()).rejects.toThrow('disk full')
  })
})
