// The real stack for end-to-end tests, as child processes: the local test exchange and the browser host
// (the same core the Electron shell runs) serving the built renderer. Nothing of ours is stubbed.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

export const REPO_ROOT = resolve(__dirname, '..', '..')
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx')
const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer')
/** The real recordings beside the worktree. The e2e host is started as a user who chose this folder for
 *  backtests (--backtest-data): the host reads no other folder. */
export const SHARED_DATA_DIR = resolve(REPO_ROOT, '..', 'shared', 'data', 'bitfinex')

export interface ApiKey {
  apiKey: string
  apiSecret: string
}

/** A key pair unique to one test, so tests sharing an exchange never see each other's offers.
 *  Bitfinex keys are 20–64 letters and digits, and so are these. */
export function uniqueKeys(n: number): { good: ApiKey; withdraw: ApiKey } {
  const id = String(n).padStart(6, '0')
  return {
    good: { apiKey: `LendpaceGoodKey${id}AAAA`, apiSecret: `LendpaceGoodSecret${id}00000000AAAA` },
    withdraw: { apiKey: `LendpaceWithdrawKey${id}AA`, apiSecret: `LendpaceWithdrawSecret${id}0000AAAA` }
  }
}

/** Scopes as the test exchange spells them: a good key, and one that could also withdraw. */
export const GOOD_SCOPES = ['funding:rw', 'wallets:r', 'history:r']
export const WITHDRAW_SCOPES = ['funding:rw', 'wallets:r', 'withdraw:w']
export const PASSPHRASE = 'correct horse battery staple'

interface Spawned {
  proc: ChildProcess
  line: Record<string, unknown>
  stderr: () => string
}

/** Start `tsx <args>` and resolve with the first JSON line it prints on stdout. */
function spawnJson(args: string[], what: string, timeoutMs = 30_000, env: Record<string, string> = {}): Promise<Spawned> {
  const proc = spawn(TSX, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', ...env } })
  let stderr = ''
  proc.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  return new Promise((ok, fail) => {
    proc.once('error', (err) => fail(new Error(`${what} could not be started: ${err.message}`)))
    const timer = setTimeout(() => {
      proc.kill('SIGKILL')
      fail(new Error(`${what} did not start within ${timeoutMs} ms. stderr:\n${stderr}`))
    }, timeoutMs)
    proc.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`${what} exited with code ${code} before it was ready. stderr:\n${stderr}`))
    })
    const lines = createInterface({ input: proc.stdout! })
    lines.on('line', (text) => {
      try {
        const line = JSON.parse(text) as Record<string, unknown>
        clearTimeout(timer)
        proc.removeAllListeners('exit')
        ok({ proc, line, stderr: () => stderr })
      } catch {
        // Not the ready line: ignore.
      }
    })
  })
}

function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve()
  return new Promise((ok) => {
    const killer = setTimeout(() => proc.kill('SIGKILL'), 5_000)
    proc.once('exit', () => {
      clearTimeout(killer)
      ok()
    })
    proc.kill('SIGTERM')
  })
}

/** What GET /__test/state reports for one key (the part the tests read). */
export interface ExchangeKeyState {
  offers: Array<{ id: number; amount: number; rate: number }>
  loans: unknown[]
}

export interface TestExchangeProcess {
  url: string
  /** POST to the exchange's /__test/<name> control endpoint. */
  control(name: string, body: unknown): Promise<unknown>
  /** GET /__test/state for one key: balances, offers, loans, ledger. */
  state(apiKey: string): Promise<ExchangeKeyState>
  stop(): Promise<void>
}

export async function startExchange(): Promise<TestExchangeProcess> {
  const { proc, line } = await spawnJson(['tests/exchange-server/cli.ts', '--seed', '7'], 'The test exchange')
  const url = String(line.url)
  return {
    url,
    async control(name, body) {
      const res = await fetch(`${url}/__test/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      if (!res.ok) throw new Error(`test exchange control ${name} failed: HTTP ${res.status} ${await res.text()}`)
      return res.json()
    },
    async state(apiKey) {
      const res = await fetch(`${url}/__test/state?apiKey=${encodeURIComponent(apiKey)}`)
      return res.json() as Promise<ExchangeKeyState>
    },
    stop: () => stopProcess(proc)
  }
}

export interface HostProcess {
  /** http://127.0.0.1:PORT/#token=... */
  url: string
  port: number
  token: string
  stop(): Promise<void>
}

/**
 * Start the browser host. It prints no token: the page's link and token are read from its owner-only
 * access file, as a user's tool would. `token` fixes the token (through the environment, never argv),
 * e.g. so a restarted host keeps serving a page that is already open.
 */
export async function startHost(opts: { dataDir: string; exchangeUrl: string; token?: string; port?: number }): Promise<HostProcess> {
  if (!existsSync(join(RENDERER_DIR, 'index.html')))
    throw new Error('out/renderer is missing: run `npx electron-vite build` before the e2e tests.')
  const { proc, line } = await spawnJson(
    ['src/main/browserHost/cli.ts', '--data-dir', opts.dataDir, '--exchange-url', opts.exchangeUrl, '--renderer-dir', RENDERER_DIR, '--port', String(opts.port ?? 0), '--backtest-data', SHARED_DATA_DIR],
    'The browser host',
    30_000,
    opts.token ? { LENDPACE_HOST_TOKEN: opts.token } : {}
  )
  const access = JSON.parse(readFileSync(String(line.accessFile), 'utf8')) as { url: string; port: number; token: string }
  return { url: access.url, port: access.port, token: access.token, stop: () => stopProcess(proc) }
}

export function makeDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lendpace-e2e-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
