// Our own nonce generator (docs/bitfinex.md, Nonce). The library's generator is process-wide and trusts the
// wall clock after a restart; ours is strictly increasing across restarts and clock steps because the
// high-water mark is persisted BEFORE a request carrying the nonce leaves the machine.
import type { Clock } from '../../platform/clock'
import { SerialQueue } from '../serialQueue'

export interface NonceStore {
  /** The highest nonce ever used with this key (0 if none). */
  load(): Promise<number>
  save(n: number): Promise<void>
}

/** Bitfinex's stated ceiling for nonces (ws-auth docs); microseconds stay far below it until year 2255. */
const MAX_NONCE = Number.MAX_SAFE_INTEGER

export class NonceGenerator {
  private last: number | null = null
  private readonly queue = new SerialQueue()

  constructor(
    private readonly clock: Clock,
    private readonly store: NonceStore
  ) {}

  /** The next nonce, already persisted. Calls are serialized so two callers never share a value. */
  next(): Promise<number> {
    return this.queue.run(() => this.issue())
  }

  private async issue(): Promise<number> {
    if (this.last === null) this.last = Math.max(0, Math.floor(await this.store.load()))
    const candidate = Math.max(Math.floor(this.clock.now() * 1000), this.last + 1)
    if (candidate > MAX_NONCE) throw new Error('Nonce would exceed 2^53-1')
    // Persist first: if saving fails, no request goes out with an unrecorded nonce.
    await this.store.save(candidate)
    this.last = candidate
    return candidate
  }
}

/** A NonceStore kept in memory: for tests and for callers that persist elsewhere. */
export function memoryNonceStore(initial = 0): NonceStore & { value: number } {
  const store = {
    value: initial,
    load: async () => store.value,
    save: async (n: number) => {
      store.value = n
    }
  }
  return store
}
