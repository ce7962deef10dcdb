// A tiny typed event hub: the core publishes contract events, the shells forward them.
import type { EventName, EventOf } from '../../shared/contract'
import type { CoreEventListener } from './appCore'

export class EventHub {
  private listeners = new Set<CoreEventListener>()

  subscribe(listener: CoreEventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit<E extends EventName>(event: E, payload: EventOf<E>): void {
    for (const l of this.listeners) l(event, payload)
  }
}
