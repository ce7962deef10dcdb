// Quitting hands lending over: the core's shutdown (auto-renew handoff, cancel-on-stop, final writes)
// runs once, bounded, before Electron really quits. An update restart uses the same handoff.
import { app } from 'electron'
import type { AppCore } from '../core/appCore'
import { systemClock } from '../platform/clock'
import type { Logger } from '../platform/logger'
import { createQuitGuard, type QuitGuard } from './quitGuard'

export function createQuitHandoff(core: Pick<AppCore, 'shutdown'>, logger: Logger): QuitGuard {
  return createQuitGuard({
    shutdown: () => core.shutdown(),
    quit: () => app.quit(),
    clock: systemClock,
    onError: (err) => logger.log('error', 'shutdown failed', { error: String(err) }),
    onTimeout: () => logger.log('warn', 'shutdown took too long; quitting anyway')
  })
}
