// kill -9 at any moment loses at most the cycle being written and never leaves a file that does not
// read back whole: a child process writes to every store in a loop (appends, compactions, conf rewrites)
// and is killed with SIGKILL at random moments; after each kill every store opens without a notice and
// holds every cycle the child reported as done.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createMemoryLogger } from '../../src/main/core/logging'
import { ManualClock } from '../../src/main/platform/clock'
import { createConfBackend, createHistoryStore, createRuntimeStateStore, createSettingsStore } from '../../src/main/core/storage'
import { seededRandom } from '../../src/shared/random'

const ROOT = resolve(__dirname, '../..')
const KILLS = 12
const dir = mkdtempSync(join(tmpdir(), 'lendpace-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Start the writer and SIGKILL it `delayMs` after it reported its first cycle; resolves with the last cycle it reported. */
function runAndKill(delayMs: number): Promise<number> {
  return new Promise((done, fail) => {
    // node itself with tsx as a loader (not the tsx CLI, which would run the writer in a grandchild that
    // survives the kill and keeps writing).
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/support/storageCrashWriter.ts'), dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let lastDone = 0
    let killTimer: NodeJS.Timeout | null = null
    let stderr = ''
    let buffered = ''
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) lastDone = Math.max(lastDone, Number(/cycle (\d+)/.exec(line)?.[1] ?? 0))
      // Writing has begun: kill it a random while later, mid-whatever it is doing then.
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), delayMs)
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('exit', (code, signal) => {
      if (killTimer) clearTimeout(killTimer)
      if (signal === 'SIGKILL') done(lastDone)
      else fail(new Error(`writer exited by itself (${code}): ${stderr}`))
    })
  })
}

describe('storage under kill -9', () => {
  it(`every file reads back valid after ${KILLS} kills at random moments, and no reported cycle is lost`, async () => {
    const random = seededRandom(11)
    const logger = createMemoryLogger()
    const clock = new ManualClock(Date.now())
    let previous = 0
    for (let i = 0; i < KILLS; i++) {
      const reported = await runAndKill(5 + Math.floor(random() * 300))
      const history = createHistoryStore({ dir, logger, clock, limits: { activityEvents: 40, earningsEvents: 30, interestPayments: 30 } })
      expect(history.notice, `kill ${i + 1}`).toBeNull()
      const newest = history.query({ kinds: ['info'], limit: 1 }).events[0]
      const onDisk = Number(/cycle (\d+)/.exec(newest?.message ?? '')?.[1] ?? 0)
      // Everything reported done is there; at most the one being written when killed is extra.
      expect(onDisk, `kill ${i + 1}`).toBeGreaterThanOrEqual(reported)
      expect(onDisk).toBeLessThanOrEqual(reported + 1)
      expect(onDisk).toBeGreaterThan(previous)
      previous = onDisk
      expect(history.earningsEvents().at(-1)?.id).toMatch(/^loan-\d+$/)
      expect(history.interestPayments('USD').length).toBeGreaterThan(0)
      const settings = createSettingsStore({ backend: createConfBackend({ cwd: dir, name: 'settings' }), logger })
      expect(settings.notice, `kill ${i + 1}`).toBeNull()
      const runtime = createRuntimeStateStore({ backend: createConfBackend({ cwd: dir, name: 'runtime' }), logger })
      expect(runtime.notice, `kill ${i + 1}`).toBeNull()
      expect(await runtime.nonceStore.load()).toBeGreaterThan(0)
    }
    // No backup was ever needed, and no compaction left its temp file behind once reopened.
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toEqual([])
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  }, 120_000)
})
