// The product's promise, tested end to end: the API secret (and the plain key) appears nowhere a person
// or another program could read it — not in log files, settings, history or key files, not in any IPC
// message in either direction (except the user's own addKey/unlockVault requests that hand it over), not in any error text — through onboarding, loop cycles, induced errors
// (bad signature, nonce clash, network failure) and a crash.
import { createHmac } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { API_KEY, API_SECRET, PASSPHRASE, startHarness, type Harness } from '../support/coreHarness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await filesUnder(p)))
    else out.push(p)
  }
  return out
}

/** Another program using the same key with a far larger nonce: every later request of ours is "nonce: small". */
async function clashNonce(url: string): Promise<void> {
  const path = 'auth/r/wallets'
  const nonce = String(9_000_000_000_000_000)
  const body = '{}'
  const sig = createHmac('sha384', API_SECRET).update(`/api/v2/${path}${nonce}${body}`).digest('hex')
  await fetch(`${url}/v2/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'bfx-nonce': nonce, 'bfx-apikey': API_KEY, 'bfx-signature': sig },
    body
  })
}

describe('the secret never leaves the vault', () => {
  it('is absent from every file, IPC message and error after a rough session', async () => {
    h = await startHarness({ fileLogs: true, balances: { USD: 5000 } })
    const errors: string[] = []
    const attempt = (p: Promise<unknown>) => p.catch((e: Error) => errors.push(e.message))

    // A wrong secret first (bad signature), then the right key.
    await attempt(h.call('addKey', { apiKey: API_KEY, apiSecret: API_SECRET.replace(/.$/, 'Z'), passphrase: PASSPHRASE }))
    await h.call('addKey', { apiKey: API_KEY, apiSecret: API_SECRET, passphrase: PASSPHRASE })
    await h.call('startLending')
    for (let i = 0; i < 3; i++) {
      h.core.runCycleNow('test')
      await h.pump(h.nextCycle())
    }
    await attempt(h.call('getAccount'))

    // Network failure mid-session.
    h.exchange.injectFault({ kind: 'drop', times: 20 })
    h.core.runCycleNow('test')
    await h.pump(h.nextCycle())
    await attempt(h.call('getAccount'))
    h.exchange.clearFaults()

    // Another program takes over the key's nonce sequence.
    await clashNonce(h.exchange.url)
    h.core.runCycleNow('test')
    await h.pump(h.nextCycle())
    await attempt(h.call('getEarnings', { currency: 'USD' }))
    await attempt(h.call('getDiagnostics'))

    // A crash: a new core over the same folder without a clean shutdown, then unlock and use.
    await h.restart()
    await attempt(h.call('unlockVault', { passphrase: 'wrong passphrase!!' }))
    await h.call('unlockVault', { passphrase: PASSPHRASE })
    await attempt(h.call('startLending'))
    const diagnostics = await h.call('getDiagnostics')
    await h.pump(h.core.shutdown()) // quiesce: no write in flight while the files are read

    // The session really exercised the failure paths it claims to.
    const errorEvents = h.events.filter((e) => e.name === 'error').map((e) => JSON.stringify(e.payload))
    expect(errorEvents.join('\n')).toMatch(/sequence number|nonce|another program/i)
    expect(errors.length).toBeGreaterThanOrEqual(2)

    const haystacks: [string, string][] = [
      ...(await Promise.all((await filesUnder(h.dataDir)).map(async (f) => [f, await readFile(f, 'latin1')] as [string, string]))),
      ['memory log', h.logger.text()],
      // The only messages allowed to carry a secret are the user handing it over (addKey, unlockVault: renderer → main).
      ['ipc', h.wire.filter((m) => !(m.direction === 'toMain' && ['addKey', 'unlockVault'].includes(m.channel))).map((m) => m.text).join('\n')],
      ['errors', errors.join('\n')],
      ['diagnostics', diagnostics.text]
    ]
    expect(haystacks.some(([name]) => name.includes('logs'))).toBe(true)
    expect(haystacks.some(([name]) => /key|vault/.test(name))).toBe(true)
    for (const [name, text] of haystacks) {
      expect(text.includes(API_SECRET), `secret found in ${name}`).toBe(false)
      expect(text.includes(API_KEY), `plain key found in ${name}`).toBe(false)
      expect(text.includes(PASSPHRASE), `passphrase found in ${name}`).toBe(false)
    }
  })
})
