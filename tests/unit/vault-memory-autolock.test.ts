// What the vault keeps in memory and for how long: one decrypted copy (a Buffer) while lending runs,
// zeroed once lending stops; every other copy zeroed a few seconds after it was handed out; a stopped
// app forgets the passphrase key after the idle time the user set; files written at an older scrypt
// cost are re-encrypted at today's (OWASP N = 2^17) on their next unlock.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { createMemoryLogger } from '../../src/main/core/logging'
import { createVault, KEY_FILE_NAME, type VaultOptions } from '../../src/main/core/vault'
import { DEFAULT_SCRYPT_COST } from '../../src/main/core/vault/passphraseCipher'
import { SCRUB_DELAY_MS } from '../../src/main/core/vault/vault'
import { verifyKey } from '../../src/main/exchange/verifyKey'

const MIN = 60_000
const PASSPHRASE = 'a long enough passphrase'
const apiKey = randomBytes(20).toString('hex')
const apiSecret = randomBytes(20).toString('hex')

let dir: string
let clock: ManualClock

const verify: VaultOptions['verify'] = () =>
  verifyKey({
    keyPermissions: async () => [{ scope: 'funding', read: true, write: true }],
    lendableBalance: async () => ({ readable: true, amount: 0, source: 'calc' })
  })

const vaultWith = (over: Partial<VaultOptions> = {}) =>
  createVault({ dir, osCipher: null, clock, verify, logger: createMemoryLogger({ clock }), scryptCost: { log2N: 10, r: 8, p: 1 }, ...over })

const isZero = (b: Buffer) => b.every((x) => x === 0)
const savedLog2N = () => Buffer.from(JSON.parse(readFileSync(join(dir, KEY_FILE_NAME), 'utf8')).ciphertext, 'base64')[5]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lendpace-vault-mem-'))
  clock = new ManualClock(Date.UTC(2026, 0, 1))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('vault: the secret in memory', () => {
  it('while lending runs: one kept Buffer, the same for every signature; zeroed after lending stops', async () => {
    const vault = vaultWith()
    await vault.addKey({ apiKey, apiSecret, passphrase: PASSPHRASE })
    vault.setInUse(true)
    const first = await vault.credentials()
    expect(Buffer.isBuffer(first.apiSecret)).toBe(true)
    expect(first.apiSecret.toString('utf8')).toBe(apiSecret)
    expect((await vault.credentials()).apiSecret).toBe(first.apiSecret)
    await clock.advance(24 * 60 * MIN)
    expect(first.apiSecret.toString('utf8')).toBe(apiSecret)

    vault.setInUse(false)
    // A request already being signed still has it for a moment, then it is gone.
    expect(first.apiSecret.toString('utf8')).toBe(apiSecret)
    await clock.advance(SCRUB_DELAY_MS)
    expect(isZero(first.apiSecret)).toBe(true)
    const later = await vault.credentials()
    expect(later.apiSecret).not.toBe(first.apiSecret)
    expect(later.apiSecret.toString('utf8')).toBe(apiSecret)
  })

  it('while stopped: each copy handed out is zeroed shortly after; lock() zeroes the kept one too', async () => {
    const vault = vaultWith()
    await vault.addKey({ apiKey, apiSecret, passphrase: PASSPHRASE })
    const once = await vault.credentials()
    await clock.advance(SCRUB_DELAY_MS)
    expect(isZero(once.apiSecret)).toBe(true)

    vault.setInUse(true)
    const kept = await vault.credentials()
    vault.lock()
    await clock.advance(SCRUB_DELAY_MS)
    expect(isZero(kept.apiSecret)).toBe(true)
    await expect(vault.credentials()).rejects.toMatchObject({ kind: 'vaultLocked' })
  })
})

describe('vault: auto-lock after the idle time the user set', () => {
  it('a stopped app locks after the idle time; each use restarts the count', async () => {
    const vault = vaultWith({ autoLockMs: () => 15 * MIN })
    await vault.addKey({ apiKey, apiSecret, passphrase: PASSPHRASE })
    await clock.advance(10 * MIN)
    await vault.credentials()
    await clock.advance(10 * MIN)
    expect((await vault.status()).locked).toBe(false)
    await clock.advance(5 * MIN)
    expect((await vault.status()).locked).toBe(true)
    await expect(vault.credentials()).rejects.toMatchObject({ kind: 'vaultLocked' })
    await vault.unlock(PASSPHRASE)
    expect((await vault.status()).locked).toBe(false)
    await clock.advance(15 * MIN)
    expect((await vault.status()).locked).toBe(true)
  })

  it('never while lending runs; the count starts when it stops', async () => {
    const vault = vaultWith({ autoLockMs: () => 15 * MIN })
    await vault.addKey({ apiKey, apiSecret, passphrase: PASSPHRASE })
    vault.setInUse(true)
    await clock.advance(3 * 24 * 60 * MIN)
    expect((await vault.status()).locked).toBe(false)
    vault.setInUse(false)
    await clock.advance(14 * MIN)
    expect((await vault.status()).locked).toBe(false)
    await clock.advance(MIN)
    expect((await vault.status()).locked).toBe(true)
  })

  it('0 / null means never', async () => {
    const vault = vaultWith({ autoLockMs: () => null })
    await vault.addKey({ apiKey, apiSecret, passphrase: PASSPHRASE })
    await clock.advance(7 * 24 * 60 * MIN)
    expect((await vault.status()).locked).toBe(false)
  })
})

describe('vault: scrypt cost', () => {
  it('ships OWASP’s minimum, N = 2^17, r = 8, p = 1, within the 256 MiB cap for tampered files', () => {
    expect(DEFAULT_SCRYPT_COST).toEqual({ log2N: 17, r: 8, p: 1 })
    expect(128 * 2 ** DEFAULT_SCRYPT_COST.log2N * DEFAULT_SCRYPT_COST.r).toBeLessThanOrEqual(256 * 2 ** 20)
  })

  it('a file written at a lower cost is re-encrypted at the current cost on its next unlock', async () => {
    await vaultWith({ scryptCost: { log2N: 10, r: 8, p: 1 } }).addKey({ apiKey, apiSecret, passphrase: PASSPHRASE })
    expect(savedLog2N()).toBe(10)
    const upgraded = vaultWith({ scryptCost: { log2N: 12, r: 8, p: 1 } })
    await upgraded.unlock(PASSPHRASE)
    expect(savedLog2N()).toBe(12)
    expect((await upgraded.credentials()).apiSecret.toString('utf8')).toBe(apiSecret)
    // The new file opens with the same passphrase after a restart, and is not rewritten again.
    const before = readFileSync(join(dir, KEY_FILE_NAME), 'utf8')
    const restarted = vaultWith({ scryptCost: { log2N: 12, r: 8, p: 1 } })
    await restarted.unlock(PASSPHRASE)
    expect((await restarted.credentials()).apiSecret.toString('utf8')).toBe(apiSecret)
    expect(readFileSync(join(dir, KEY_FILE_NAME), 'utf8')).toBe(before)
  })
})

describe('core dumps', () => {
  it.runIf(process.platform === 'linux')('on Linux, a dump of this process leaves every memory mapping out', async () => {
    const { excludeMemoryFromCoreDumps } = await import('../../src/main/core/vault/coreDumps')
    const { spawnSync } = await import('node:child_process')
    // In a child process, so the test runner's own setting is untouched.
    const child = spawnSync(
      process.execPath,
      ['-e', `(${excludeMemoryFromCoreDumps.toString()})('linux', require('fs').writeFileSync) ; process.stdout.write(require('fs').readFileSync('/proc/self/coredump_filter','utf8'))`],
      { encoding: 'utf8' }
    )
    expect(child.stdout.trim()).toBe('00000000')
  })

  it('elsewhere there is nothing to do, and a refusing /proc does not stop the app', async () => {
    const { excludeMemoryFromCoreDumps } = await import('../../src/main/core/vault/coreDumps')
    expect(excludeMemoryFromCoreDumps('darwin')).toBe('notNeeded')
    expect(excludeMemoryFromCoreDumps('win32')).toBe('notNeeded')
    expect(
      excludeMemoryFromCoreDumps('linux', () => {
        throw new Error('EACCES')
      })
    ).toBe('failed')
  })
})
