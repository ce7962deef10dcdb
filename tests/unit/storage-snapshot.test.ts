// The last-known snapshot is a convenience copy: it reaches the disk at most once per interval while the
// loop runs, and always at shutdown; a read never writes.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { afterEach, describe, expect, it } from 'vitest'
import { createConfBackend } from '../../src/main/core/storage'
import { createSnapshotStore } from '../../src/main/core/storage/snapshotStore'
import { ManualClock } from '../../src/main/platform/clock'
import { nullLogger } from '../../src/main/platform/logger'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A snapshot store in a new folder, written at most every 10 minutes; `open` opens it again (a restart). */
function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'lendpace-snapshot-'))
  dirs.push(dir)
  const clock = new ManualClock(1_800_000_000_000)
  const backend = createConfBackend({ cwd: dir, name: 'last-account' })
  const open = () => createSnapshotStore({ backend, schema: z.object({ n: z.number() }), logger: nullLogger, label: 'test snapshot', minWriteInterval: { clock, ms: 600_000 } })
  return { clock, backend, open }
}

describe('snapshot store', () => {
  it('writes at most once per interval, and at shutdown whatever the interval', () => {
    const { clock, backend, open } = setUp()
    const store = open()
    const stored = () => open().get()?.n ?? null

    store.set({ n: 1 })
    expect(stored()).toBeNull()
    store.flush()
    expect(stored()).toBe(1)
    const written = statSync(backend.path).mtimeMs

    store.set({ n: 2 })
    store.get()
    store.flush()
    expect(stored()).toBe(1)
    expect(statSync(backend.path).mtimeMs).toBe(written)

    store.flush(true)
    expect(stored()).toBe(2)

    store.set({ n: 3 })
    void clock.advance(600_000)
    store.flush()
    expect(stored()).toBe(3)
  })

  it('a copy left by the last run counts as just written: the first write after a start waits the interval', () => {
    const { clock, open } = setUp()
    const first = open()
    first.set({ n: 1 })
    first.flush(true)

    const restarted = open()
    expect(restarted.get()?.n).toBe(1)
    restarted.set({ n: 2 })
    restarted.flush()
    expect(open().get()?.n).toBe(1)
    void clock.advance(600_000)
    restarted.flush()
    expect(open().get()?.n).toBe(2)
  })
})
