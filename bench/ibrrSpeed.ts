// IBRR speed: plans per second on the bench input (ibrrSpeedInput.ts), under tsx as this bench runs and
// bundled into one file as the app ships it. Pure CPU; measured here, never in tests.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { plan } from '../src/main/ibrr'
import { LEVELS, measurePlans } from './ibrrSpeedInput'
import type { BenchSection } from './sections'

const run = promisify(execFile)

const perSecond = (plans: number, ms: number) => Math.round((plans / ms) * 1000)

export const ibrrSpeedSection = {
  title: 'IBRR speed (plans per second, 250-level book)',
  async run() {
    const underTsx = measurePlans(plan)
    const bundled = await measureBundled()
    return (
      `${perSecond(underTsx.plans, underTsx.wallMs)} plans/s wall, ${perSecond(underTsx.plans, underTsx.cpuMs)} plans/s of CPU time ` +
      `(${underTsx.plans} plans in ${(underTsx.wallMs / 1000).toFixed(2)} s; ${LEVELS} asks + ${LEVELS} bids, 100 trades, 48 candles, ` +
      `3 open offers placed an hour ago (stale, so the reprice ladder runs too), 2 loans, default settings incl. FRR, single thread), ` +
      `with the sources loaded by tsx as this bench runs them.\n\n` +
      `The same loop on IBRR bundled into one file, as the app ships its main process (electron-vite bundles it): ` +
      `${perSecond(bundled.plans, bundled.wallMs)} plans/s wall, ${perSecond(bundled.plans, bundled.cpuMs)} plans/s of CPU time ` +
      `(${bundled.plans} plans in ${(bundled.wallMs / 1000).toFixed(2)} s, its own Node process). tsx loads each module ` +
      `separately and reaches imports through getters; the bundle calls them directly.`
    )
  }
} satisfies BenchSection

/**
 * The same measurement on IBRR bundled by esbuild (one file, imports resolved at build time), run in a
 * child Node process so it has its own JIT state; it prints measurePlans' result as JSON.
 */
async function measureBundled(): Promise<{ plans: number; wallMs: number; cpuMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'lendpace-ibrr-speed-'))
  try {
    const outfile = join(dir, 'speed.mjs')
    await build({ entryPoints: [join(__dirname, 'ibrrSpeedBundled.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'silent' })
    const { stdout } = await run(process.execPath, [outfile])
    return JSON.parse(stdout) as { plans: number; wallMs: number; cpuMs: number }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
