// The application as the shells (Electron desktop, browser host) see it: the contract's handlers, the
// events to forward, and the few lifecycle hooks only a shell can trigger (quit, resume, network).
import type { ContractHandlers, EventName, EventOf, ServiceStatus } from '../../shared/contract'
import type { Settings } from '../../shared/settings'

export type CoreEventListener = <E extends EventName>(event: E, payload: EventOf<E>) => void

export interface AppCore {
  readonly handlers: ContractHandlers
  /** Subscribe to every event the renderer should see; returns the unsubscribe function. */
  subscribe(listener: CoreEventListener): () => void
  status(): ServiceStatus
  settings(): Settings
  start(): Promise<ServiceStatus>
  stop(): Promise<ServiceStatus>
  /** Run a cycle now (system resume, network back); a no-op while stopped. */
  runCycleNow(reason: string): void
  /** The app is quitting: honour keep-lending-while-closed and cancel-offers-on-stop, then stop timers. */
  shutdown(): Promise<void>
  /** Was the loop running when the app last closed? (start-on-login resumes it) */
  wasRunningAtLastExit(): boolean
}
