// The real application core wired to the local test exchange, on a manual clock, in a temp folder:
// what the integration tests (and the bench) drive. Nothing here replaces our own code.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Channel, EventName, EventOf, RequestOf, ResponseOf, ServiceStatus } from '../../src/shared/contract'
import type { AppCore } from '../../src/main/core/appCore'
import { ManualClock } from '../../src/main/platform/clock'
import { createAppCore } from '../../src/main/core/createAppCore'
import { createFileLogger, createMemoryLogger, type MemoryLogger } from '../../src/main/core/logging'
import type { Logger } from '../../src/main/platform/logger'
import { dispatch } from '../../src/main/core/rpc'
import { seededRandom } from '../../src/shared/random'
import { startTestExchange, type TestExchange, type TestExchangeOptions } from '../exchange-server'

export const API_KEY = 'LendPaceTestKey0123456789abcdefghijKLMNOP'
export const API_SECRET = 'LendPaceTestSecretZYXWVUTSRQponmlkj98765'
export const PASSPHRASE = 'correct horse battery staple'
/** 2026-11-24 12:00 UTC: a fixed start so every run sees the same times. */
export const T0 = Date.UTC(2026, 10, 24, 12)

export interface Harness {
  clock: ManualClock
  exchange: TestExchange
  core: AppCore
  logger: MemoryLogger
  /** Lines also go to rotating files under dataDir/logs when the harness was asked for file logs. */
  fileLogger: Logger | null
  dataDir: string
  /** The contract messages seen in both directions, for the leak test. */
  wire: { direction: 'toMain' | 'toRenderer'; channel: string; text: string }[]
  /** Call a channel through the contract exactly as the renderer would; throws the user sentence on error. */
  call<C extends Channel>(channel: C, ...req: RequestOf<C> extends undefined ? [] : [RequestOf<C>]): Promise<ResponseOf<C>>
  /** Resolves after the next loop cycle has finished (the timer for the one after is set). */
  nextCycle(): Promise<ServiceStatus>
  /** Let real I/O finish while moving the manual clock (retries and back-offs wait on it). */
  pump<T>(work: Promise<T>, stepMs?: number): Promise<T>
  events: { name: EventName; payload: unknown }[]
  /** A new core over the same data folder and exchange: an app restart (or a crash and restart). */
  restart(): Promise<void>
  close(): Promise<void>
}

export async function startHarness(
  opts: { balances?: Record<string, number>; scopes?: string[]; exchange?: TestExchangeOptions; addKey?: boolean; fileLogs?: boolean } = {}
): Promise<Harness> {
  const clock = new ManualClock(T0)
  const exchange = await startTestExchange({
    now: () => clock.now(),
    seed: 7,
    keys: [{ apiKey: API_KEY, apiSecret: API_SECRET, scopes: opts.scopes ?? ['funding:rw', 'wallets:r'], balances: opts.balances ?? { USD: 5000 } }],
    ...opts.exchange
  })
  const dataDir = await mkdtemp(join(tmpdir(), 'lendpace-core-'))
  const logger = createMemoryLogger({ clock })
  const fileLogger = opts.fileLogs ? createFileLogger({ dir: join(dataDir, 'logs'), redactor: logger.redactor, clock, minLevel: 'debug' }) : null
  const both: Logger = { log: (...args) => (logger.log(...args), fileLogger?.log(...args)) }
  const wire: Harness['wire'] = []
  const events: Harness['events'] = []

  const makeCore = async (): Promise<AppCore> => {
    const core = await createAppCore({
      dataDir,
      osCipher: null,
      logger: both,
      redactor: logger.redactor,
      clock,
      random: seededRandom(3),
      bitfinexUrls: { auth: exchange.url, public: exchange.url }
    })
    core.subscribe((name, payload) => {
      wire.push({ direction: 'toRenderer', channel: name, text: JSON.stringify(payload) })
      events.push({ name, payload })
    })
    return core
  }

  const h: Harness = {
    clock,
    exchange,
    core: await makeCore(),
    logger,
    fileLogger,
    dataDir,
    wire,
    events,
    async call(channel, ...req) {
      wire.push({ direction: 'toMain', channel, text: JSON.stringify(req[0] ?? null) })
      const env = await h.pump(dispatch(h.core.handlers, channel, req[0]))
      wire.push({ direction: 'toRenderer', channel, text: JSON.stringify(env) })
      if (!env.ok) throw new Error(env.error.message)
      return env.value as never
    },
    nextCycle() {
      return new Promise((resolve) => {
        const off = h.core.subscribe(<E extends EventName>(name: E, payload: EventOf<E>) => {
          if (name === 'status' && (payload as ServiceStatus).nextCycleAt !== null) {
            off()
            resolve(payload as ServiceStatus)
          }
        })
      })
    },
    async pump(work, stepMs = 1000) {
      let done = false
      const guarded = work.finally(() => {
        done = true
      })
      for (let i = 0; i < 600 && !done; i++) {
        await new Promise((r) => setTimeout(r, 5))
        if (!done) await clock.advance(stepMs)
      }
      return guarded
    },
    async restart() {
      await h.core.shutdown()
      h.core = await makeCore()
    },
    async close() {
      await h.core.shutdown().catch(() => {})
      await exchange.close()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
  if (opts.addKey !== false) await h.call('addKey', { apiKey: API_KEY, apiSecret: API_SECRET, passphrase: PASSPHRASE })
  return h
}

/** Sum of the open offers' remaining amounts for a currency on the test exchange. */
export const offeredOnExchange = (h: Harness, currency = 'USD'): number =>
  h.exchange.state(API_KEY).offers.filter((o) => o.symbol === `f${currency}`).reduce((a, o) => a + o.amount, 0)
