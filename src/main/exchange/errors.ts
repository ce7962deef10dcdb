// One typed taxonomy for everything that can go wrong talking to an exchange.
// Each kind carries a sentence a user understands; secrets never appear in it. The kinds and which are
// retryable live with every other error kind in shared/errorKinds.ts.
import { RETRYABLE_KINDS, type ExchangeErrorKind } from '../../shared/errorKinds'

export class ExchangeError extends Error {
  readonly kind: ExchangeErrorKind
  /** Bitfinex's numeric error code, when it sent one. */
  readonly code?: number
  /** For rateLimit: do not call this endpoint again before this time (ms since epoch). */
  readonly retryAfter?: number

  constructor(kind: ExchangeErrorKind, message: string, opts: { code?: number; retryAfter?: number } = {}) {
    super(message)
    this.name = 'ExchangeError'
    this.kind = kind
    this.code = opts.code
    this.retryAfter = opts.retryAfter
  }

  get retryable(): boolean {
    return RETRYABLE_KINDS.has(this.kind)
  }
}

export const isExchangeError = (e: unknown): e is ExchangeError => e instanceof ExchangeError
