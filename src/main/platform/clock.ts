// Time enters the core only through a Clock, so the loop, the nonce generator and the simulated
// exchange run on real time in the app and on a manual clock in tests and backtests.

export type TimerHandle = { readonly id: number }

export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

export const systemClock: Clock = (() => {
  const timers = new Map<number, ReturnType<typeof setTimeout>>()
  let next = 1
  return {
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const id = next++
      const t = setTimeout(() => {
        timers.delete(id)
        fn()
      }, ms)
      // A pending cycle must not keep a CLI or test process alive on its own.
      t.unref?.()
      timers.set(id, t)
      return { id }
    },
    clearTimeout(handle) {
      clearTimeout(timers.get(handle.id))
      timers.delete(handle.id)
    }
  }
})()

/** A clock that only moves when told to: for tests and for replaying history faster than real time. */
export class ManualClock implements Clock {
  private current: number
  private timers = new Map<number, { at: number; fn: () => void }>()
  private nextId = 1

  constructor(start: number) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++
    this.timers.set(id, { at: this.current + Math.max(0, ms), fn })
    return { id }
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id)
  }

  /** Move time forward, firing due timers in time order; each timer sees now() equal to its due time. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms
    for (;;) {
      let dueId: number | null = null
      let dueAt = Infinity
      for (const [id, t] of this.timers) {
        if (t.at <= target && t.at < dueAt) {
          dueAt = t.at
          dueId = id
        }
      }
      if (dueId === null) break
      const timer = this.timers.get(dueId)!
      this.timers.delete(dueId)
      this.current = Math.max(this.current, timer.at)
      timer.fn()
      // Let promise chains started by the timer settle before the next one fires.
      await new Promise((r) => setImmediate(r))
    }
    this.current = target
  }

  /** Set the time directly (a clock step, forwards or backwards). */
  set(mts: number): void {
    this.current = mts
  }

  get pendingTimers(): number {
    return this.timers.size
  }
}
