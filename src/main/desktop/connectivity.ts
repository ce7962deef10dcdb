// Sleep and network: on system resume or when the network comes back, ask the core for a cycle now.
// Going offline is only reported (the core backs off on its own). Some systems fire 'resume' more than
// once per wake, so resumes close together count once; the network coming back always counts, since the
// cycle a resume triggered may have failed for want of it.

export type WakeEvent = { kind: 'resume' } | { kind: 'online'; online: boolean }

export interface WakeDecision {
  /** Ask the core for a cycle now, with this reason; null: nothing to run. */
  runCycle: string | null
  /** The online state changed to this value (for the tray), or null when unchanged. */
  onlineChanged: boolean | null
}

export class WakePolicy {
  private online: boolean | null = null
  private lastResumeAt = -Infinity

  constructor(private readonly minGapMs = 15_000) {}

  get isOnline(): boolean {
    return this.online !== false
  }

  observe(event: WakeEvent, now: number): WakeDecision {
    let reason: string | null = null
    let onlineChanged: boolean | null = null
    if (event.kind === 'resume') {
      reason = 'system resumed from sleep'
    } else {
      const was = this.online
      this.online = event.online
      // The first sample only sets the baseline: at launch the core runs its first cycle anyway.
      if (was !== null && was !== event.online) {
        onlineChanged = event.online
        if (event.online) reason = 'network back online'
      } else if (was === null && !event.online) {
        onlineChanged = false
      }
    }
    if (event.kind === 'resume') {
      // While offline a cycle cannot reach Bitfinex; the 'online' transition will trigger it instead.
      if (this.online === false || now - this.lastResumeAt < this.minGapMs) reason = null
      else this.lastResumeAt = now
    }
    return { runCycle: reason, onlineChanged }
  }
}
