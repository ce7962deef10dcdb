// IBRR speed: plans per second on the bench input (ibrrSpeedInput.ts), under tsx as this bench runs and
// bundled into one file as the app ships it. Pure CPU; measured here, never in tests.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { plan } from '../src/main/ibrr'
import { LEVELS, measurePlans, type PlanSpeed } from './ibrrSpeedInput'
import { median } from './common'
import type { BenchSection } from './sections'

const run = promisify(execFile)

const describeSpeed = (m: PlanSpeed): string =>
  `median ${Math.round(median(m.perWindow))} plans/s, best ${Math.round(Math.max(...m.perWindow))} plans/s over ${m.perWindow.length} half-second windows ` +
  `(${m.plans} plans in ${(m.wallMs / 1000).toFixed(1)} s)`

export const ibrrSpeedSection = {
  title: 'IBRR speed (plans per second, 250-level book)',
  async run() {
    const underTsx = measurePlans(plan)
    const bundled = await measureBundled()
    return (
      `Bench input: ${LEVELS} asks + ${LEVELS} bids, 100 trades, 48 candles, 3 open offers placed an hour ago (stale, so the ` +
      `reprice ladder runs too), 2 loans, default settings incl. FRR, single thread, after a 1 s warm-up.\n\n` +
      `- IBRR bundled into one file, as the app ships its main process (electron-vite bundles it; here esbuild, its own Node process): ${describeSpeed(bundled)}.\n` +
      `- The sources loaded by tsx, as this bench runs them: ${describeSpeed(underTsx)}. tsx loads each module separately and reaches imports through getters; the bundle calls them directly.\n\n` +
      `Wall-clock windows: on this shared 2-core machine other work takes the core away, which lowers a window, never raises it; the best window is the closest to the code's own speed.`
    )
  }
} satisfies BenchSection

/**
 * The same measurement on IBRR bundled by esbuild (one file, imports resolved at build time), run in a
 * child Node process so it has its own JIT state; it prints measurePlans' result as JSON.
 */
async function measureBundled(): Promise<PlanSpeed> {
  const dir = await mkdtemp(join(tmpdir(), 'lendpace-ibrr-speed-'))
  try {
    const outfile = join(dir, 'speed.mjs')
    await build({ entryPoints: [join(__dirname, 'ibrrSpeedBundled.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'silent' })
    const { stdout } = await run(process.execPath, [outfile])
    return JSON.parse(stdout) as PlanSpeed
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
