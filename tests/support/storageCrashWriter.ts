// A child process for the crash test: writes to every store of a data folder as fast as it can, in
// cycles, and prints "cycle N" once cycle N is on disk. The test kills it with SIGKILL at random moments.
import { createMemoryLogger } from '../../src/main/core/logging'
import { systemClock } from '../../src/main/platform/clock'
import { createConfBackend, createHistoryStore, createRuntimeStateStore, createSettingsStore } from '../../src/main/core/storage'
import { NONCE_LEASE_US } from '../../src/main/core/storage/runtimeStateStore'

const dir = process.argv[2]
const logger = createMemoryLogger()
// Small bounds so compactions (whole-file rewrites) happen often and get killed too.
const history = createHistoryStore({ dir, logger, clock: systemClock, limits: { activityEvents: 40, earningsEvents: 30, interestPayments: 30 } })
const settings = createSettingsStore({ backend: createConfBackend({ cwd: dir, name: 'settings' }), logger })
const runtime = createRuntimeStateStore({ backend: createConfBackend({ cwd: dir, name: 'runtime' }), logger })

// A start appends before anything reads the activity file (as the app's first cycle does), right after a
// kill that may have cut the last line short.
history.record({ kind: 'start', currency: 'all', dryRun: false, message: 'Writer started.' })
history.endCycle()
const last = history.query({ kinds: ['info'], limit: 1 }).events[0]
let cycle = last ? Number(/cycle (\d+)/.exec(last.message)?.[1] ?? 0) + 1 : 1
let nonce = 1_700_000_000_000_000
async function main(): Promise<void> {
  for (;;) {
    history.record({ kind: 'info', currency: 'USD', dryRun: false, message: `cycle ${cycle}` })
    history.record({ kind: 'hold', currency: 'USD', dryRun: false, message: 'Kept 5 offers.' })
    history.setOfferReason(cycle, `reason ${cycle}`)
    history.addEarningsEvent({ id: `loan-${cycle}`, at: Date.now(), currency: 'USD', kind: 'loanClosed', interest: 0.01 * cycle })
    history.mergeInterestPayments('USD', [{ id: cycle, currency: 'USD', mts: Date.now(), amount: 0.1, description: 'Margin Funding Payment' }])
    history.endCycle()
    if (cycle % 3 === 0) settings.update({ loopIntervalSec: 30 + (cycle % 100) })
    nonce += NONCE_LEASE_US + 1
    await runtime.nonceStore.save(nonce)
    process.stdout.write(`cycle ${cycle}\n`)
    cycle++
    if (cycle % 20 === 0) await new Promise((r) => setImmediate(r))
  }
}
void main()
