// Storage and months of running: what a cycle costs the disk and the main thread with the history at its
// bounds (one and four currencies, window closed and open), the restart time on a full data folder, and a
// fast-forwarded soak of the real core against the local test exchange (heap, folder size and main-thread
// time per cycle, first thousand cycles against the last).
//
// The test exchange runs in a worker thread on the same manual clock (shared memory), so the main thread's
// busy time is the core's alone. Bytes and blocking in file calls come from fsMeter (wrapped node:fs sync
// calls: everything the core writes, logs included); busy time is perf_hooks' event-loop utilisation.
import { fsMeter } from './fsMeter'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Worker } from 'node:worker_threads'
import type { Channel, EventName, EventOf, RequestOf, ResponseOf, ServiceStatus } from '../src/shared/contract'
import type { Currency, Loan } from '../src/shared/domain'
import type { AppCore } from '../src/main/core/appCore'
import { ManualClock } from '../src/main/platform/clock'
import { createAppCore } from '../src/main/core/createAppCore'
import { createFileLogger, createRedactor } from '../src/main/core/logging'
import { dispatch } from '../src/main/core/rpc'
import { createHistoryStore, DEFAULT_MAX_ACTIVITY_EVENTS } from '../src/main/core/storage'
import { DEFAULT_EARNINGS_LIMITS } from '../src/main/core/storage/earningsStore'
import { seededRandom } from '../src/shared/random'
import { API_KEY, API_SECRET, PASSPHRASE, T0 } from '../tests/support/coreHarness'
import { mdTable, median } from './common'
import type { BenchSection } from './sections'

const SOAK_CYCLES = Number(process.env.BENCH_SOAK_CYCLES ?? 10_000)
/** For measuring one part: BENCH_STORAGE_PARTS=caps (the caps table and restarts) or soak; both by default. */
const PARTS = new Set((process.env.BENCH_STORAGE_PARTS ?? 'caps,soak').split(','))
/** A folder: CPU profiles of the main thread are written there, of each restart on the full folder
 *  (restart-1.cpuprofile …) and of the soak's first and last windows (soak-first, soak-last), to compare
 *  what a cycle does early and late. */
const PROFILE_DIR = process.env.BENCH_SOAK_PROFILE
let profiler: Session | null = null
async function startProfile(): Promise<void> {
  if (!PROFILE_DIR) return
  if (!profiler) {
    profiler = new Session()
    profiler.connect()
    await profiler.post('Profiler.enable')
  }
  await profiler.post('Profiler.start')
}
async function stopProfile(name: string): Promise<void> {
  if (!PROFILE_DIR || !profiler) return
  const { profile } = await profiler.post('Profiler.stop')
  writeFileSync(join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile))
}
const MEASURED_CYCLES = 100
/** Cycles run before measuring each currency setting: the ladder is placed and the JIT has warmed up. */
const WARM_UP_CYCLES = 30
const FOUR: Currency[] = ['USD', 'UST', 'BTC', 'ETH']
const BALANCES = { USD: 50_000, UST: 50_000, BTC: 2, ETH: 30 }

/** A ManualClock whose time the exchange worker reads from shared memory. */
class SharedClock extends ManualClock {
  constructor(
    start: number,
    private readonly view: BigInt64Array
  ) {
    super(start)
  }
  override now(): number {
    const t = super.now()
    Atomics.store(this.view, 0, BigInt(t))
    return t
  }
}

interface Stack {
  clock: SharedClock
  url: string
  core: AppCore
  dataDir: string
  call<C extends Channel>(channel: C, req?: RequestOf<C>): Promise<ResponseOf<C>>
  control(name: string, body: unknown): Promise<unknown>
  /** The exchange's offers and loans for the key, in one read that carries only the ledger's new entries. */
  exchangeState(): Promise<{ offers: { id: number; amount: number; symbol: string }[]; loans: (Loan & { symbol: string })[] }>
  /** Fire the loop's timer and wait for the cycle it starts to finish. */
  cycle(): Promise<void>
  /** Shut down and open a new core on the same folder: time to open the stores, start to first cycle done,
   *  main-thread CPU over both, and the first dashboard read after (where the history is read). */
  restart(): Promise<{ openMs: number; firstCycleMs: number; cpuMs: number; firstReadMs: number }>
  close(): Promise<void>
}

async function startStack(dataDir: string): Promise<Stack> {
  const clockBuffer = new SharedArrayBuffer(8)
  const clock = new SharedClock(T0, new BigInt64Array(clockBuffer))
  clock.now()
  // tsx's require hook, registered inside the worker, lets it load the TypeScript exchange.
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'exchangeWorker.ts'))})`, {
    eval: true,
    workerData: { clockBuffer, keys: [{ apiKey: API_KEY, apiSecret: API_SECRET, scopes: ['funding:rw', 'wallets:r', 'history:r'], balances: BALANCES }] }
  })
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { url: string }) => resolve(m.url))
    worker.once('error', reject)
  })
  // The bench reads the exchange's state once per cycle; its ledger grows by every return, so only what is
  // new is sent (re-reading all of it would be the bench's own growing cost, paid on the main thread).
  let ledgerSeen = 0
  const redactor = createRedactor()
  const makeCore = () =>
    createAppCore({
      dataDir,
      osCipher: null,
      logger: createFileLogger({ dir: join(dataDir, 'logs'), redactor, clock }),
      redactor,
      clock,
      random: seededRandom(3),
      bitfinexUrls: { auth: url, public: url }
    })

  /** Let real I/O finish; move the clock only when the work waits on it (a retry's back-off). */
  async function settle<T>(work: Promise<T>): Promise<T> {
    let done = false
    const guarded = work.finally(() => (done = true))
    for (let i = 0; !done; i++) {
      await new Promise((r) => setTimeout(r, 1))
      if (!done && i % 200 === 199) await clock.advance(1000)
    }
    return guarded
  }

  const s: Stack = {
    clock,
    url,
    core: await makeCore(),
    dataDir,
    async call(channel, req) {
      const env = await settle(dispatch(s.core.handlers, channel, req))
      if (!env.ok) throw new Error(env.error.message)
      return env.value as never
    },
    async control(name, body) {
      const res = await fetch(`${url}/__test/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      return res.json()
    },
    async exchangeState() {
      const state = (await (await fetch(`${url}/__test/state?apiKey=${API_KEY}&ledgerFrom=${ledgerSeen}`)).json()) as Awaited<ReturnType<Stack['exchangeState']>> & { ledger: unknown[] }
      ledgerSeen += state.ledger.length
      return state
    },
    async cycle() {
      const status = s.core.status()
      const finished = new Promise<void>((resolve) => {
        const off = s.core.subscribe(<E extends EventName>(name: E, payload: EventOf<E>) => {
          if (name === 'status' && (payload as ServiceStatus).nextCycleAt !== null && (payload as ServiceStatus).nextCycleAt !== status.nextCycleAt) {
            off()
            resolve()
          }
        })
      })
      await clock.advance(Math.max(0, (status.nextCycleAt ?? clock.now()) - clock.now()))
      await settle(finished)
    },
    async restart() {
      await s.core.shutdown()
      const c0 = mainThreadCpuMs()
      const t0 = performance.now()
      s.core = await makeCore()
      const t1 = performance.now()
      const cpuOpen = cpuDelta(c0)
      // The passphrase's key derivation is slow on purpose; it is not the folder's cost, so it is left out.
      await s.call('unlockVault', { passphrase: PASSPHRASE })
      const c2 = mainThreadCpuMs()
      const t2 = performance.now()
      await s.call('startLending')
      const t3 = performance.now()
      const cpuMs = cpuOpen + cpuDelta(c2)
      // What the window asks for first; the activity history is read by then.
      await s.call('getAccount')
      await s.call('queryActivity', { limit: 100 })
      return { openMs: t1 - t0, firstCycleMs: t3 - t2, cpuMs, firstReadMs: performance.now() - t3 }
    },
    async close() {
      await s.core.shutdown().catch(() => {})
      await worker.terminate()
    }
  }
  await s.call('addKey', { apiKey: API_KEY, apiSecret: API_SECRET, passphrase: PASSPHRASE })
  return s
}

/** Market movement between cycles: a borrower takes part of an offer, loans past their period come back.
 *  Returns how many loans were open before the returns. */
async function moveMarket(s: Stack): Promise<number> {
  const { offers, loans } = await s.exchangeState()
  const offer = offers[0]
  if (offer) await s.control('fill', { apiKey: API_KEY, offerId: offer.id, amount: Math.min(offer.amount, offer.symbol === 'fUSD' || offer.symbol === 'fUST' ? 500 : offer.amount / 4) })
  for (const l of loans) if (s.clock.now() - l.openedAt > l.period * 86_400_000 * 0.5) await s.control('return', { apiKey: API_KEY, loanId: l.id })
  return loans.length
}

/** What the open window asks for after each cycle (the dashboard's refresh), and the events it is sent. */
async function windowRefresh(s: Stack, currencies: Currency[]): Promise<void> {
  for (const currency of currencies) {
    await s.call('getMarket', { currency })
    await s.call('getEarnings', { currency })
  }
}

/** Fill the history to its bounds before measuring: the cost at the caps, not of an empty folder. */
function fillToCaps(dataDir: string): void {
  // Entries that stay listed: fills over 90 days, and a week of offers placed (older ones are rolled up).
  const clock = new ManualClock(T0 - 89 * 86_400_000)
  const history = createHistoryStore({ dir: dataDir, logger: { log() {} }, clock })
  const fills = DEFAULT_MAX_ACTIVITY_EVENTS / 2
  for (let i = 0; i < fills; i++) {
    history.record({ kind: 'fill', currency: FOUR[i % 4], dryRun: false, loanId: i, amount: 500, rate: 0.0002, period: 2, message: `Offer filled: 500.00 USD lent at 7.3 % APR before fee for 2 days (${i}).` })
    if (i % 50 === 0) history.endCycle()
    void clock.advance((82 * 86_400_000) / fills)
  }
  for (let i = 0; i < DEFAULT_MAX_ACTIVITY_EVENTS - fills; i++) {
    history.record({ kind: 'place', currency: FOUR[i % 4], dryRun: false, offerId: i, amount: 500, rate: 0.0002, period: 2, message: `0.0200 %/day (7.3 % APR before fee) for 2 days: 90 % chance to fill within 30 min (${i}).` })
    if (i % 50 === 0) history.endCycle()
    void clock.advance((6 * 86_400_000) / (DEFAULT_MAX_ACTIVITY_EVENTS - fills))
  }
  for (let i = 0; i < DEFAULT_EARNINGS_LIMITS.earningsEvents; i++)
    history.addEarningsEvent({ id: `loan-fill-${i}`, at: T0 - i * 60_000, currency: FOUR[i % 4], kind: 'loanClosed', loanId: i, principal: 500, rate: 0.0002, days: 2, interest: 0.17 })
  for (const currency of FOUR)
    history.mergeInterestPayments(
      currency,
      Array.from({ length: DEFAULT_EARNINGS_LIMITS.interestPayments }, (_, i) => ({ id: i + 1, currency, mts: T0 - (i + 1) * 3_600_000, amount: 0.5, description: 'Margin Funding Payment on wallet funding' }))
    )
  history.endCycle()
}

const folderBytes = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? folderBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0)

/**
 * CPU time of the main thread alone (ms), from Linux's per-thread accounting (10 ms ticks, so only means
 * over many cycles are meaningful). Unlike event-loop busy time it does not grow when the machine's
 * other work takes the core away; unlike process.cpuUsage it leaves out the exchange worker. null
 * where /proc is not there.
 */
function mainThreadCpuMs(): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return null
  }
}
const cpuDelta = (from: number | null): number => {
  const now = mainThreadCpuMs()
  return from === null || now === null ? NaN : now - from
}

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const heapMb = (): number => {
  gc()
  return process.memoryUsage().heapUsed / 2 ** 20
}

async function measure(
  s: Stack,
  currencies: Currency[],
  windowOpen: boolean
): Promise<{ bytes: number; fileMs: number; cpuMs: number; busyMs: number; maxBusyMs: number; medianBlockMs: number; maxBlockMs: number }> {
  let bytes = 0
  let fileMs = 0
  let cpuMs = 0
  const busy: number[] = []
  // The longest stretch the main thread ran without returning to its event loop (how late a 1 ms timer
  // fired): what a window waiting for an IPC answer would feel, unlike the cycle's total busy time,
  // which is spread over many short turns between the awaits on the network.
  const delay = monitorEventLoopDelay({ resolution: 1 })
  const longestBlock: number[] = []
  for (let i = 0; i < MEASURED_CYCLES; i++) {
    await moveMarket(s)
    const b0 = fsMeter.bytes
    const f0 = fsMeter.ms
    const c0 = mainThreadCpuMs()
    const e0 = performance.eventLoopUtilization()
    delay.reset()
    delay.enable()
    await s.cycle()
    if (windowOpen) await windowRefresh(s, currencies)
    delay.disable()
    longestBlock.push(delay.max / 1e6)
    busy.push(performance.eventLoopUtilization(e0).active)
    cpuMs += cpuDelta(c0)
    bytes += fsMeter.bytes - b0
    fileMs += fsMeter.ms - f0
  }
  const n = MEASURED_CYCLES
  return {
    bytes: bytes / n,
    fileMs: fileMs / n,
    cpuMs: cpuMs / n,
    busyMs: busy.reduce((a, b) => a + b, 0) / n,
    maxBusyMs: Math.max(...busy),
    medianBlockMs: median(longestBlock),
    maxBlockMs: Math.max(...longestBlock)
  }
}

const enable = (s: Stack, currencies: Currency[]) =>
  s.call('updateSettings', { currencies: Object.fromEntries(FOUR.map((c) => [c, { enabled: currencies.includes(c) }])) as never })

export const storageSoakSection: BenchSection = {
  title: 'Storage and long running: bytes written, main-thread time, restart, soak',
  async run() {
    const out: string[] = []
    // 1. Per-cycle cost with the history at its bounds.
    if (PARTS.has('caps')) {
      const capsDir = await mkdtemp(join(tmpdir(), 'lendpace-bench-caps-'))
      let s: Stack | null = null
      try {
        fillToCaps(capsDir)
        const capsSize = folderBytes(capsDir)
        s = await startStack(capsDir)
        const rows: string[][] = []
        for (const currencies of [['USD'], FOUR] as Currency[][]) {
          await enable(s, currencies)
          await s.call('startLending')
          for (let i = 0; i < WARM_UP_CYCLES; i++) await s.cycle()
          for (const windowOpen of [false, true]) {
            const m = await measure(s, currencies, windowOpen)
            rows.push([
              String(currencies.length),
              windowOpen ? 'open' : 'closed',
              `${(m.bytes / 1024).toFixed(1)} KB`,
              `${m.fileMs.toFixed(2)} ms`,
              `${m.cpuMs.toFixed(1)} ms`,
              `${m.busyMs.toFixed(1)} ms`,
              `${m.maxBusyMs.toFixed(1)} ms`,
              `${m.medianBlockMs.toFixed(1)} / ${m.maxBlockMs.toFixed(1)} ms`
            ])
          }
          await s.call('stopLending')
        }
        const restarts = []
        for (let i = 0; i < 3; i++) {
          await startProfile()
          restarts.push(await s.restart())
          await stopProfile(`restart-${i + 1}`)
        }
        out.push(
          `History filled to its bounds first (${DEFAULT_MAX_ACTIVITY_EVENTS} activity entries, ${DEFAULT_EARNINGS_LIMITS.earningsEvents} returned loans, ` +
            `${DEFAULT_EARNINGS_LIMITS.interestPayments} payments × 4 currencies: ${(capsSize / 2 ** 20).toFixed(1)} MB). Means over ${MEASURED_CYCLES} cycles; each cycle a borrower takes part of an offer and loans past half their period return.`,
          '',
          mdTable(['currencies', 'window', 'bytes written / cycle', 'blocked in file calls / cycle', 'main-thread CPU / cycle', 'main-thread busy (wall) / cycle', 'slowest cycle busy', 'longest single block in a cycle (median / max)'], rows),
          '',
          'Busy (wall) is event-loop utilisation: it includes time the thread waited for a core that the machine gave to other work, so it is an upper bound; main-thread CPU is the thread\'s own CPU time.',
          'A cycle\'s busy time is many short turns between its awaits on the network; the longest single block (perf_hooks monitorEventLoopDelay, 1 ms resolution: how late a timer fired) is the longest the main process could not answer the window, and also includes waits for a core.',
          '',
          `Restart on this full folder, three times (4 currencies enabled): opening every store ${restarts.map((r) => `${r.openMs.toFixed(0)} ms`).join(', ')}; ` +
            `then Start to the end of the first cycle ${restarts.map((r) => `${r.firstCycleMs.toFixed(0)} ms`).join(', ')} (the passphrase unlock between them is left out: its key derivation is slow by design); ` +
            `to the first cycle in all ${restarts.map((r) => `${(r.openMs + r.firstCycleMs).toFixed(0)} ms`).join(', ')}, of which main-thread CPU ${restarts.map((r) => `${r.cpuMs.toFixed(0)} ms`).join(', ')}. ` +
            `The activity history is read when first asked, not at start: the window's first read after the first cycle (account and activity) took ${restarts.map((r) => `${r.firstReadMs.toFixed(0)} ms`).join(', ')}.`
        )
      } finally {
        await s?.close()
        await rm(capsDir, { recursive: true, force: true })
      }
    }

    // 2. The soak: SOAK_CYCLES cycles of USD, fast-forwarded.
    if (PARTS.has('soak')) {
      const soakDir = await mkdtemp(join(tmpdir(), 'lendpace-bench-soak-'))
      let s: Stack | null = null
      const window = Math.min(1000, Math.floor(SOAK_CYCLES / 2))
      try {
        s = await startStack(soakDir)
        await enable(s, ['USD'])
        await s.call('startLending')
        const samples: { busy: number; cpu: number; thread: number; loans: number }[] = []
        const marks: string[][] = []
        const mark = (label: string) => marks.push([label, `${heapMb().toFixed(1)} MB`, `${(folderBytes(soakDir) / 2 ** 20).toFixed(2)} MB`, `${((s?.clock.now() ?? T0) - T0) / 86_400_000 | 0} d`])
        mark('start')
        const t = performance.now()
        for (let i = 0; i < SOAK_CYCLES; i++) {
          if (i === 0 || i === SOAK_CYCLES - window) await startProfile()
          const loans = await moveMarket(s)
          const e0 = performance.eventLoopUtilization()
          const c0 = process.cpuUsage()
          const t0 = mainThreadCpuMs()
          await s.cycle()
          const c = process.cpuUsage(c0)
          samples.push({ busy: performance.eventLoopUtilization(e0).active, cpu: (c.user + c.system) / 1000, thread: cpuDelta(t0), loans })
          if (i === window - 1 || i === SOAK_CYCLES - 1) await stopProfile(i === window - 1 ? 'soak-first' : 'soak-last')
          if ((i + 1) % Math.max(1, Math.floor(SOAK_CYCLES / 4)) === 0) mark(`after ${i + 1} cycles`)
        }
        const wallS = (performance.now() - t) / 1000
        const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
        const first = samples.slice(0, window)
        const last = samples.slice(-window)
        const busyFirst = mean(first.map((x) => x.busy))
        const busyLast = mean(last.map((x) => x.busy))
        const cpuFirst = mean(first.map((x) => x.cpu))
        const cpuLast = mean(last.map((x) => x.cpu))
        const threadFirst = mean(first.map((x) => x.thread))
        const threadLast = mean(last.map((x) => x.thread))
        const windows = Array.from({ length: Math.floor(samples.length / window) }, (_, k) => samples.slice(k * window, (k + 1) * window))
        const change = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(0)} %`
        const restart = await s.restart()
        const history = await s.call('queryActivity', { limit: 1 })
        out.push(
          '',
          `**Soak:** ${SOAK_CYCLES} cycles of USD (60 s apart on the manual clock), ${wallS.toFixed(0)} s wall time.`,
          '',
          mdTable(['point', 'heap after GC', 'data folder (logs included)', 'simulated time'], marks),
          '',
          mdTable(
            ['per cycle', `first ${window}`, `last ${window}`, 'change'],
            [
              ['main-thread CPU', `${threadFirst.toFixed(1)} ms`, `${threadLast.toFixed(1)} ms`, change(threadFirst, threadLast)],
              ['main-thread busy (wall)', `${busyFirst.toFixed(1)} ms`, `${busyLast.toFixed(1)} ms`, change(busyFirst, busyLast)],
              ['process CPU (incl. the exchange worker)', `${cpuFirst.toFixed(1)} ms`, `${cpuLast.toFixed(1)} ms`, change(cpuFirst, cpuLast)]
            ]
          ),
          '',
          // Every window, not only the two ends: a first window higher than the rest with no trend after it is
          // warm-up (the JIT, the first ladder) or the machine's other work, not cost that grows with the data.
          `Main-thread CPU per cycle in each successive ${window} cycles: ${windows.map((w) => mean(w.map((x) => x.thread)).toFixed(1)).join(', ')} ms; loans open on the exchange (each cycle reads them all), mean per window: ${windows.map((w) => mean(w.map((x) => x.loans)).toFixed(0)).join(', ')}.`,
          '',
          `Restart on the soaked folder: opening every store ${restart.openMs.toFixed(0)} ms, Start to the end of the first cycle ${restart.firstCycleMs.toFixed(0)} ms (main-thread CPU ${restart.cpuMs.toFixed(0)} ms), the window's first read after ${restart.firstReadMs.toFixed(0)} ms. History kept since ${history.keptSince === null ? '—' : new Date(history.keptSince).toISOString().slice(0, 16)}.`
        )
      } finally {
        await s?.close()
        await rm(soakDir, { recursive: true, force: true })
      }
    }
    return out.join('\n')
  }
}
