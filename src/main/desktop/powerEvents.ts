// Sleep, wake and the network: after a resume or when the network comes back, the loop runs a cycle at
// once (WakePolicy decides when); the tray says whether we are online.
import { app, net, powerMonitor } from 'electron'
import type { Logger } from '../platform/logger'
import type { WakeEvent, WakePolicy } from './connectivity'

/** How often to ask the OS whether we are online: the main process has no online/offline event. */
const NETWORK_POLL_MS = 10_000

export function watchPowerAndNetwork(opts: {
  wake: WakePolicy
  logger: Logger
  onOnlineChanged: () => void
  runCycleNow: (reason: string) => void
}): void {
  const { wake, logger } = opts
  const observe = (event: WakeEvent): void => {
    const decision = wake.observe(event, Date.now())
    if (decision.onlineChanged !== null) {
      logger.log('info', decision.onlineChanged ? 'network back online' : 'network offline')
      opts.onOnlineChanged()
    }
    if (decision.runCycle) opts.runCycleNow(decision.runCycle)
  }
  observe({ kind: 'online', online: net.isOnline() })
  powerMonitor.on('suspend', () => logger.log('info', 'system going to sleep'))
  powerMonitor.on('resume', () => {
    // Ask the network first, so a resume while still offline waits for the network instead.
    observe({ kind: 'online', online: net.isOnline() })
    observe({ kind: 'resume' })
  })
  const poll = setInterval(() => observe({ kind: 'online', online: net.isOnline() }), NETWORK_POLL_MS)
  app.on('will-quit', () => clearInterval(poll))
}
