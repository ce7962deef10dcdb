// One typed taxonomy for everything that can go wrong talking to an exchange.
// Each kind carries a sentence a user understands; secrets never appear in it.

export const EXCHANGE_ERROR_KINDS = [
  'auth',
  'permission',
  'nonce',
  'rateLimit',
  'maintenance',
  'network',
  'timeout',
  'invalidOffer',
  /** Bitfinex refused an offer below its minimum (150 USD equivalent): back off, do not resend every cycle. */
  'belowMinimum',
  /** Bitfinex's "Limit: too many active offers": its cap on open offers (undocumented) is reached. */
  'tooManyOffers',
  'insufficientBalance',
  'unknown'
] as const
export type ExchangeErrorKind = (typeof EXCHANGE_ERROR_KINDS)[number]

/** Kinds worth retrying automatically (bounded, jittered). The rest need a person or a new plan. */
export const RETRYABLE_KINDS: ReadonlySet<ExchangeErrorKind> = new Set(['network', 'timeout', 'unknown'])

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
