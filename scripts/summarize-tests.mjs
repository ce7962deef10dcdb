// Sums vitest's and Playwright's JSON reports into the one closing line CI reads: "N passed, N failed".
// A missing report counts as a failure: a runner that crashed must not look like a green run.
import { existsSync, readFileSync } from 'node:fs'

const [vitestFile, playwrightFile] = process.argv.slice(2)
let passed = 0
let failed = 0
let skipped = 0

if (existsSync(vitestFile)) {
  const r = JSON.parse(readFileSync(vitestFile, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
} else {
  console.error(`vitest report ${vitestFile} is missing`)
  failed += 1
}

if (existsSync(playwrightFile)) {
  const r = JSON.parse(readFileSync(playwrightFile, 'utf8'))
  passed += r.stats.expected + (r.stats.flaky ?? 0)
  failed += r.stats.unexpected
  skipped += r.stats.skipped
  if ((r.errors ?? []).length > 0) failed += r.errors.length
} else {
  console.error(`Playwright report ${playwrightFile} is missing`)
  failed += 1
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
