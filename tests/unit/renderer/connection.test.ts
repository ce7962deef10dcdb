import { describe, expect, it } from 'vitest'
import { watchConnection } from '../../../src/renderer/connection'

/** Timers under the test's control: run() fires everything due. */
function fakeTimers() {
  let t = 0
  const timers = new Map<number, { at: number; fn: () => void }>()
  let id = 0
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => (timers.set(++id, { at: t + ms, fn }), id),
    clearTimer: (h: unknown) => void timers.delete(h as number),
    async advance(ms: number) {
      const end = t + ms
      for (;;) {
        const due = [...timers.entries()].filter(([, v]) => v.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break
        timers.delete(due[0])
        t = due[1].at
        due[1].fn()
        for (let i = 0; i < 5; i++) await Promise.resolve()
      }
      t = end
    }
  }
}

describe('connection watch', () => {
  it('reports the loss once, keeps retrying, and reports the return once', async () => {
    const timers = fakeTimers()
    let alive = true
    const log: string[] = []
    const watch = watchConnection({
      ping: () => (alive ? Promise.resolve(undefined) : Promise.reject(new Error('gone'))),
      onLost: (at) => log.push(`lost@${at}`),
      onBack: () => log.push('back'),
      intervalMs: 3000,
      retryMs: 1000,
      ...timers
    })
    await timers.advance(10_000)
    expect(log).toEqual([])
    alive = false
    await timers.advance(3000)
    expect(log).toEqual(['lost@12000'])
    await timers.advance(5000)
    expect(log).toEqual(['lost@12000'])
    alive = true
    await timers.advance(1000)
    expect(log).toEqual(['lost@12000', 'back'])
    watch.stop()
  })

  it('counts a ping that never answers as a loss', async () => {
    const timers = fakeTimers()
    const log: string[] = []
    watchConnection({ ping: () => new Promise(() => {}), onLost: () => log.push('lost'), onBack: () => log.push('back'), intervalMs: 1000, timeoutMs: 2000, ...timers })
    await timers.advance(3000)
    expect(log).toEqual(['lost'])
  })

  it('checks at once when a call fails', async () => {
    const timers = fakeTimers()
    const log: string[] = []
    const watch = watchConnection({ ping: () => Promise.reject(new Error('x')), onLost: () => log.push('lost'), onBack: () => {}, intervalMs: 60_000, ...timers })
    watch.checkNow()
    for (let i = 0; i < 10; i++) await Promise.resolve()
    expect(log).toEqual(['lost'])
  })
  it('treats a new service instance as a restart even when no ping failed', async () => {
    const timers = fakeTimers()
    let instance = 'a'
    const log: string[] = []
    watchConnection({ ping: () => Promise.resolve(instance), onLost: () => log.push('lost'), onBack: () => log.push('back'), intervalMs: 1000, ...timers })
    await timers.advance(3000)
    expect(log).toEqual([])
    instance = 'b'
    await timers.advance(1000)
    expect(log).toEqual(['back'])
    await timers.advance(3000)
    expect(log).toEqual(['back'])
  })
})
