// What the loop learned from Bitfinex's refusals, per currency, so that a refusal changes what the loop
// does next instead of repeating every cycle: after "below the minimum" it pauses new offers for a while
// (doubling while the refusals go on) and remembers that the refused amount is too small, whatever our
// price said; after "too many active offers" it remembers the exchange's cap (the number open at the time:
// Bitfinex documents none) and never asks for more than that again.
import type { Currency } from '../../../shared/domain'

const FIRST_PAUSE_MS = 30 * 60_000
const MAX_PAUSE_MS = 2 * 3_600_000
/** Prices move: a refused amount stops counting as "too small" after a day. */
const REFUSAL_MEMORY_MS = 24 * 3_600_000

interface CurrencyMemory {
  minimumRefusals: number
  pausedUntil: number
  refused?: { amount: number; until: number }
  offerCap?: number
}

export class PlacementGuard {
  private readonly memory = new Map<Currency, CurrencyMemory>()

  private of(currency: Currency): CurrencyMemory {
    let m = this.memory.get(currency)
    if (!m) this.memory.set(currency, (m = { minimumRefusals: 0, pausedUntil: 0 }))
    return m
  }

  /** Until when new offers in this currency wait (ms since epoch), or null when they may be placed now. */
  pausedUntil(currency: Currency, now: number): number | null {
    const until = this.memory.get(currency)?.pausedUntil ?? 0
    return until > now ? until : null
  }

  /** Bitfinex refused `amount` as below its minimum: pause 30 min, doubling per repeat, at most 2 h. Returns the end. */
  belowMinimum(currency: Currency, now: number, amount: number): number {
    const m = this.of(currency)
    m.minimumRefusals++
    m.pausedUntil = now + Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (m.minimumRefusals - 1))
    m.refused = { amount: Math.max(amount, m.refused && m.refused.until > now ? m.refused.amount : 0), until: now + REFUSAL_MEMORY_MS }
    return m.pausedUntil
  }

  /** The largest amount Bitfinex refused as below its minimum in the last day, if any. */
  refusedAmount(currency: Currency, now: number): number | undefined {
    const r = this.memory.get(currency)?.refused
    return r && r.until > now ? r.amount : undefined
  }

  /** An offer was accepted: the minimum is understood again. */
  placed(currency: Currency): void {
    const m = this.memory.get(currency)
    if (m) m.minimumRefusals = 0
  }

  /** "Limit: too many active offers" with `openOffers` of ours open: that is the cap from now on. */
  learnOfferCap(currency: Currency, openOffers: number): void {
    const m = this.of(currency)
    m.offerCap = Math.max(0, openOffers)
  }

  /** The open-offer cap Bitfinex showed for this currency, if it ever refused one for that reason. */
  offerCap(currency: Currency): number | undefined {
    return this.memory.get(currency)?.offerCap
  }
}
