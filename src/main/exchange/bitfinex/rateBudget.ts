// Client-side rate budget: a sliding 60 s window per endpoint on the Clock, plus bans after Bitfinex
// said ERR_RATE_LIMIT / 11010. Policy: a call that would exceed the budget is NOT sent and fails at
// once with kind 'rateLimit' and retryAfter (when a slot frees). Failing fast keeps the loop's cycle
// bounded in time; callers that must wait (the history download) wait on retryAfter themselves.
import type { Clock } from '../../platform/clock'
import { ExchangeError } from '../errors'
import type { EndpointId } from './endpoints'

const WINDOW_MS = 60_000
/** Bitfinex blocks an IP for 10–60 s on an endpoint; we always stay away for at least this long. */
export const BAN_MS = 60_000

export class RateBudget {
  private sent = new Map<string, number[]>()
  private bannedUntil = new Map<string, number>()

  constructor(private readonly clock: Clock) {}

  private window(key: string): number[] {
    const now = this.clock.now()
    const times = (this.sent.get(key) ?? []).filter((t) => t > now - WINDOW_MS)
    this.sent.set(key, times)
    return times
  }

  /** When the endpoint may be called again (ms since epoch), or 0 if now. */
  nextSlotAt(ep: EndpointId): number {
    const now = this.clock.now()
    const ban = this.bannedUntil.get(ep.key) ?? 0
    const times = this.window(ep.key)
    const windowFree = times.length < ep.perMinute ? 0 : times[times.length - ep.perMinute] + WINDOW_MS
    const at = Math.max(ban, windowFree)
    return at > now ? at : 0
  }

  canSpend(ep: EndpointId): boolean {
    return this.nextSlotAt(ep) === 0
  }

  /** Records one request, or throws rateLimit without recording if the budget or a ban forbids it. */
  spend(ep: EndpointId): void {
    const at = this.nextSlotAt(ep)
    if (at !== 0) {
      const banned = (this.bannedUntil.get(ep.key) ?? 0) > this.clock.now()
      throw new ExchangeError(
        'rateLimit',
        banned
          ? `Bitfinex asked us to slow down on ${ep.key}; LendPace waits until ${new Date(at).toISOString()} before asking again.`
          : `LendPace's own request budget for ${ep.key} (${ep.perMinute} per minute) is used up; it waits until ${new Date(at).toISOString()}.`,
        { retryAfter: at }
      )
    }
    this.window(ep.key).push(this.clock.now())
  }

  ban(ep: EndpointId, ms = BAN_MS): number {
    const until = Math.max(this.bannedUntil.get(ep.key) ?? 0, this.clock.now() + Math.max(ms, BAN_MS))
    this.bannedUntil.set(ep.key, until)
    return until
  }

  /** Requests recorded in the current window (for tests and diagnostics). */
  used(ep: EndpointId): number {
    return this.window(ep.key).length
  }
}
