// Helpers for tests that drive the real Bitfinex adapter against the test exchange.
import { createHmac } from 'node:crypto'
import { ManualClock as Clock } from '../../src/main/platform/clock'
import { createBitfinexExchange, memoryNonceStore, type BitfinexExchange, type BitfinexExchangeOptions } from '../../src/main/exchange/bitfinex'
import { seededRandom } from '../../src/shared/random'
import type { Logger } from '../../src/main/platform/logger'
import type { ExchangeError } from '../../src/main/exchange/errors'
import { startTestExchange, type KeySpec, type TestExchange, type TestExchangeOptions } from './server'

/**
 * Awaits a promise whose progress needs Clock time (retry backoffs): advances the ManualClock in
 * steps until it settles. No real sleeping beyond letting I/O complete between steps.
 */
export async function settle<T>(p: Promise<T>, clock: Clock, stepMs = 1_000, maxSteps = 20_000): Promise<T> {
  let done = false
  const tracked = p.finally(() => {
    done = true
  })
  tracked.catch(() => undefined)
  for (let i = 0; i < maxSteps && !done; i++) {
    await new Promise((r) => setTimeout(r, 2))
    if (!done && clock.pendingTimers > 0) await clock.advance(stepMs)
  }
  return tracked
}

/** A signed request as another program using the same key would send it (independent of our adapter). */
export async function rawSignedPost(baseUrl: string, apiKey: string, apiSecret: string, path: string, nonce: number, body: object = {}) {
  const json = JSON.stringify(body)
  const sig = createHmac('sha384', apiSecret).update(`/api/v2${path}${nonce}${json}`).digest('hex')
  const res = await fetch(`${baseUrl}/v2${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'bfx-nonce': String(nonce), 'bfx-apikey': apiKey, 'bfx-signature': sig },
    body: json
  })
  return { status: res.status, body: (await res.json()) as unknown }
}

export const T0 = Date.UTC(2026, 8, 1, 12, 0, 0)
export const KEY: KeySpec = { apiKey: 'lendpace-test-key', apiSecret: 'lendpace-test-secret-0123456789', scopes: ['funding:rw', 'wallets:r', 'history:r'], balances: { USD: 10_000 } }

export interface Pair {
  ex: TestExchange
  bfx: BitfinexExchange
  clock: Clock
  nonces: ReturnType<typeof memoryNonceStore>
  logLines: Array<{ level: string; message: string; fields?: Record<string, unknown> }>
  /** Requests the exchange received whose path contains `fragment`. */
  hits(fragment: string): number
}

/** A test exchange and the real adapter wired to it on one ManualClock. */
export async function startPair(
  o: { exchange?: TestExchangeOptions; adapter?: Partial<BitfinexExchangeOptions>; key?: KeySpec; secretOverride?: string } = {}
): Promise<Pair> {
  const clock = new Clock(T0)
  const key = o.key ?? KEY
  const ex = await startTestExchange({ now: () => clock.now(), keys: [key], ...o.exchange })
  const nonces = memoryNonceStore()
  const logLines: Pair['logLines'] = []
  const logger: Logger = { log: (level, message, fields) => logLines.push({ level, message, fields }) }
  const bfx = createBitfinexExchange({
    credentials: async () => ({ apiKey: key.apiKey, apiSecret: o.secretOverride ?? key.apiSecret }),
    authUrl: ex.url,
    publicUrl: ex.url,
    clock,
    nonceStore: nonces,
    logger,
    timeoutMs: 300,
    random: seededRandom(7),
    ...o.adapter
  })
  return { ex, bfx, clock, nonces, logLines, hits: (f) => ex.requests().filter((r) => r.path.includes(f)).length }
}

/** Resolves to the ExchangeError a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<ExchangeError> {
  try {
    await p
  } catch (e) {
    return e as ExchangeError
  }
  throw new Error('expected a rejection')
}
