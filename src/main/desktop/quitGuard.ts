// Quitting waits for the core's shutdown (hand the balance to auto-renew, or cancel offers, as the
// settings say) exactly once, then lets the app quit. A shutdown that hangs (network gone) must not
// keep the app alive forever, so it is bounded.
import type { Clock } from '../platform/clock'

export interface QuitGuardOptions {
  shutdown: () => Promise<void>
  /** Quit for real (app.quit()); before-quit fires again and is let through. */
  quit: () => void
  clock: Clock
  timeoutMs?: number
  onError?: (err: unknown) => void
  onTimeout?: () => void
}

export type QuitPhase = 'running' | 'shuttingDown' | 'done'

export interface QuitGuard {
  /** Wire to app.on('before-quit'). */
  onBeforeQuit(event: { preventDefault(): void }): void
  readonly phase: QuitPhase
  /** true once quitting has begun: the window's close handler then closes instead of hiding. */
  readonly quitting: boolean
  /**
   * Run the same bounded shutdown now and let every later before-quit through, without quitting: for an
   * update restart, where the updater quits the app itself once the hand-over is done.
   */
  shutdownForRestart(): Promise<void>
}

export function createQuitGuard(opts: QuitGuardOptions): QuitGuard {
  let phase: QuitPhase = 'running'
  const timeoutMs = opts.timeoutMs ?? 20_000
  let shutdown: Promise<void> | null = null

  /** The core's shutdown, once, resolved after at most timeoutMs (it may go on, but we stop waiting). */
  const boundedShutdown = (): Promise<void> =>
    (shutdown ??= new Promise<void>((done) => {
      const timer = opts.clock.setTimeout(() => {
        opts.onTimeout?.()
        done()
      }, timeoutMs)
      opts
        .shutdown()
        .catch((err) => opts.onError?.(err))
        .finally(() => {
          opts.clock.clearTimeout(timer)
          done()
        })
    }))

  const finish = (): void => {
    if (phase === 'done') return
    phase = 'done'
    opts.quit()
  }

  return {
    get phase() {
      return phase
    },
    get quitting() {
      return phase !== 'running'
    },
    onBeforeQuit(event) {
      if (phase === 'done') return
      event.preventDefault()
      if (phase === 'shuttingDown') return
      phase = 'shuttingDown'
      void boundedShutdown().then(finish)
    },
    async shutdownForRestart() {
      if (phase === 'done') return
      phase = 'shuttingDown'
      await boundedShutdown()
      phase = 'done'
    }
  }
}

/** Closing the window hides it to the tray, unless we are quitting or there is no tray to come back from. */
export function closeAction(opts: { quitting: boolean; trayAvailable: boolean }): 'hide' | 'close' {
  return !opts.quitting && opts.trayAvailable ? 'hide' : 'close'
}
