// Notices when the LendPace service behind the window is gone (a crash, a restart, a closed browser host)
// and when it is back. A window that keeps showing "Running · next in <1m" from a dead service lies to the
// user, so the store heartbeats with `ping` and marks everything it shows as stale while pings fail. Works
// the same over Electron IPC and the browser host: it only needs the contract's ping.

export interface ConnectionWatchOptions {
  /** Resolves with the service's instance id (it changes when the service restarts), or undefined. */
  ping(): Promise<string | undefined>
  /** The first failed ping after a good one. */
  onLost(at: number): void
  /** The first good ping after a loss, or a ping from a restarted service: re-read everything. */
  onBack(): void
  /** Between pings while connected, and while waiting for the service to come back. */
  intervalMs?: number
  retryMs?: number
  /** A ping that has not answered by then counts as failed (a hung service is as gone as a dead one). */
  timeoutMs?: number
  now?: () => number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
}

export interface ConnectionWatch {
  /** A call just failed as if the service were gone: check at once instead of at the next beat. */
  checkNow(): void
  stop(): void
}

export function watchConnection(opts: ConnectionWatchOptions): ConnectionWatch {
  const intervalMs = opts.intervalMs ?? 3000
  const retryMs = opts.retryMs ?? 1500
  const timeoutMs = opts.timeoutMs ?? 5000
  const now = opts.now ?? Date.now
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>))
  let up = true
  let stopped = false
  let timer: unknown = null
  let beating = false
  let instance: string | undefined

  const withTimeout = <T>(work: Promise<T>): Promise<T> =>
    new Promise((ok, fail) => {
      const t = setTimer(() => fail(new Error('timeout')), timeoutMs)
      work.then(
        (v) => (clearTimer(t), ok(v)),
        (e: unknown) => (clearTimer(t), fail(e))
      )
    })

  async function beat(): Promise<void> {
    if (stopped || beating) return
    beating = true
    if (timer !== null) clearTimer(timer)
    timer = null
    let ok: boolean
    let restarted = false
    try {
      const seen = await withTimeout(opts.ping())
      // A restart faster than one beat never fails a ping, but it is a new service all the same.
      restarted = seen !== undefined && instance !== undefined && seen !== instance
      instance = seen ?? instance
      ok = true
    } catch {
      ok = false
    }
    beating = false
    if (stopped) return
    if (!ok && up) {
      up = false
      opts.onLost(now())
    } else if (ok && (!up || restarted)) {
      up = true
      opts.onBack()
    }
    timer = setTimer(() => void beat(), up ? intervalMs : retryMs)
  }

  // Learn the instance at once: a restart before the first beat would otherwise go unnoticed.
  timer = setTimer(() => void beat(), 0)
  return {
    checkNow: () => void beat(),
    stop() {
      stopped = true
      if (timer !== null) clearTimer(timer)
    }
  }
}
