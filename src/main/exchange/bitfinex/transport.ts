// Every request to Bitfinex goes through here: rate budget → (auth: serial queue → nonce → sign) →
// send → map errors → bounded, jittered retry of retryable failures. Waits run on the Clock.
import bfx from 'bfx-api-node-rest'
import type { RESTv2 } from 'bfx-api-node-rest'
import type { z } from 'zod'
import type { Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import { nullLogger } from '../../platform/logger'
import { backoffDelay, retrying } from '../../platform/retry'
import { ExchangeError, isExchangeError } from '../errors'
import { SerialQueue } from '../serialQueue'
import { endpointOf, type EndpointGroup, type EndpointId } from './endpoints'
import { mapBitfinexError, type MappedError } from './errorMapping'
import { NonceGenerator, type NonceStore } from './nonce'
import { parseWith } from './parse'
import { RateBudget } from './rateBudget'
import { authHeaders } from './signing'
import { SigningRESTv2 } from './signingRest'
import { seededRandom } from '../../../shared/random'

export interface Credentials {
  apiKey: string
  /** A Buffer from the vault (zeroed after use); a string from tests and tools. */
  apiSecret: string | Buffer
}

export interface TransportOptions {
  /** Called once per authenticated request, so a vault decrypts only to sign. */
  credentials?: () => Promise<Credentials>
  authUrl?: string
  publicUrl?: string
  clock: Clock
  nonceStore: NonceStore
  logger?: Logger
  timeoutMs?: number
  /** Seeded uniform [0,1) source for retry jitter. */
  random?: () => number
  /** Attempts per call including the first (default 3). */
  maxAttempts?: number
  /** Lower the per-endpoint budgets (requests/minute), e.g. to leave room for another tool. */
  budgets?: Partial<Record<EndpointGroup, number>>
}

interface CallOptions {
  /** Retry retryable failures (default true). Writes pass false: they are not idempotent. */
  retry?: boolean
}

const BASE_BACKOFF_MS = 1_000

export class BitfinexTransport {
  private readonly publicRest: RESTv2
  private readonly authRest: SigningRESTv2
  readonly budget: RateBudget
  private readonly queue = new SerialQueue()
  private readonly nonces: NonceGenerator
  private readonly clock: Clock
  private readonly logger: Logger
  private readonly random: () => number
  private readonly maxAttempts: number
  private readonly budgets: Partial<Record<EndpointGroup, number>>

  constructor(opts: TransportOptions) {
    this.clock = opts.clock
    this.logger = opts.logger ?? nullLogger
    this.random = opts.random ?? seededRandom(1)
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 3)
    this.budgets = opts.budgets ?? {}
    this.budget = new RateBudget(opts.clock)
    this.nonces = new NonceGenerator(opts.clock, opts.nonceStore)
    const timeout = Math.round(opts.timeoutMs ?? 15_000)
    this.publicRest = new bfx.RESTv2({ url: opts.publicUrl ?? 'https://api-pub.bitfinex.com', transform: false, timeout })
    const credentials = opts.credentials
    this.authRest = new SigningRESTv2({ url: opts.authUrl ?? 'https://api.bitfinex.com', timeout }, async (path, body) => {
      if (!credentials) throw new ExchangeError('auth', 'No Bitfinex API key is set up yet.')
      let creds: Credentials
      try {
        creds = await credentials()
      } catch (e) {
        if (isExchangeError(e)) throw e
        throw new ExchangeError('auth', 'The API key could not be unlocked, so LendPace cannot sign requests.')
      }
      const nonce = await this.nonces.next()
      return authHeaders(creds, path, nonce, body)
    })
  }

  endpoint(path: string): EndpointId {
    return endpointOf(path, this.budgets)
  }

  /** GET on the public host. `invoke` defaults to the generic helper; pass a RESTv2 method to use it. */
  publicGet<T>(path: string, schema: z.ZodType<T>, what: string, invoke?: (rest: RESTv2) => Promise<unknown>, opts?: CallOptions): Promise<T> {
    const call = invoke ?? ((rest: RESTv2) => rest._makePublicRequest(path))
    return this.send(path, schema, what, () => call(this.publicRest), opts)
  }

  /** Signed POST on the auth host, serialized with every other authenticated call (parallel requests on one key fail with 10114). */
  authPost<T>(path: string, body: object, schema: z.ZodType<T>, what: string, opts?: CallOptions): Promise<T> {
    return this.send(path, schema, what, () => this.queue.run(() => this.authRest._makeAuthRequest(path, body)), opts)
  }

  private async send<T>(path: string, schema: z.ZodType<T>, what: string, invoke: () => Promise<unknown>, opts: CallOptions = {}): Promise<T> {
    const ep = this.endpoint(path)
    const retry = opts.retry ?? true
    // The last failure Bitfinex (or the network) gave, mapped. Anything else that fails an attempt (our
    // own rate budget refusing to send, a rate-limit pause) is not retried here.
    let failure: MappedError | null = null
    const raw = await retrying(
      this.clock,
      async () => {
        this.budget.spend(ep)
        try {
          return await invoke()
        } catch (err) {
          failure = mapBitfinexError(err, { now: this.clock.now(), endpoint: ep.key })
          if (failure.rateLimited) {
            const until = this.budget.ban(ep)
            this.logger.log('warn', 'bitfinex rate limit: endpoint paused', { endpoint: ep.key, until })
            throw new ExchangeError('rateLimit', failure.error.message, { code: failure.error.code, retryAfter: until })
          }
          throw failure.error
        }
      },
      (err, attempt) => {
        if (!failure || err !== failure.error) return null
        if (!retry || !failure.retryable || attempt >= this.maxAttempts) {
          this.logger.log('warn', 'bitfinex request failed', { endpoint: ep.key, kind: failure.error.kind, code: failure.error.code, attempt })
          return null
        }
        const delay = backoffDelay({ baseMs: BASE_BACKOFF_MS, failures: attempt - 1, jitter: 0.5, random: this.random })
        this.logger.log('info', 'bitfinex request failed; retrying', { endpoint: ep.key, kind: failure.error.kind, attempt, delayMs: delay })
        return delay
      }
    )
    return parseWith(schema, raw, what)
  }
}
