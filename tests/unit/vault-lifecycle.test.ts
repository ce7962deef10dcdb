// The vault over a real tmp folder, with the real ciphers, the real scope rules (verifyKey +
// checkKeyScopes) and a ManualClock. Two stand-ins for things outside our code: Electron's safeStorage
// (a small object that really encrypts and tags output like Chromium) and Bitfinex's answer about a
// key's scopes (a table by API key).
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { createMemoryLogger, type MemoryLogger } from '../../src/main/core/logging'
import { toUserError, UserFacingError } from '../../src/main/core/userError'
import { createVault, KEY_FILE_NAME, ROTATION_DAYS, type Vault, type VaultOptions } from '../../src/main/core/vault'
import { createSafeStorageCipher } from '../../src/main/desktop/safeStorageCipher'
import { ExchangeError } from '../../src/main/exchange/errors'
import { verifyKey } from '../../src/main/exchange/verifyKey'
import type { KeyScope } from '../../src/shared/domain'
import { fakeSafeStorage } from './vault-fake-safe-storage'

const DAY = 86_400_000
const FAST_SCRYPT = { log2N: 12, r: 8, p: 1 }
const base62 = (n: number) => {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  return Array.from(randomBytes(n), (b) => abc[b % 62]).join('')
}

const FUNDING_ONLY: KeyScope[] = [
  { scope: 'funding', read: true, write: true },
  { scope: 'wallets', read: true, write: false }
]
const WITH_WITHDRAW: KeyScope[] = [...FUNDING_ONLY, { scope: 'withdraw', read: false, write: true }]
const NO_FUNDING: KeyScope[] = [{ scope: 'wallets', read: true, write: false }]

let dir: string
let clock: ManualClock
let logger: MemoryLogger
/** What "Bitfinex" says each key may do. */
let scopesByKey: Map<string, KeyScope[]>
let verifyCalls: number

const verify: VaultOptions['verify'] = async (creds) => {
  verifyCalls++
  const scopes = scopesByKey.get(creds.apiKey)
  if (!scopes) throw new ExchangeError('auth', 'Bitfinex did not accept this API key.')
  return verifyKey({
    keyPermissions: async () => scopes,
    lendableBalance: async () => ({ readable: true, amount: 0, source: 'calc' })
  })
}

const newKey = (scopes: KeyScope[]) => {
  const apiKey = base62(43)
  const apiSecret = base62(43)
  scopesByKey.set(apiKey, scopes)
  return { apiKey, apiSecret }
}

const vaultWith = (osCipher: VaultOptions['osCipher']) =>
  createVault({ dir, osCipher, clock, verify, logger, redactor: logger.redactor, scryptCost: FAST_SCRYPT })

/** The credentials as text, to compare with what was saved (the vault hands out the secret as a Buffer). */
const readable = async (v: Vault) => {
  const c = await v.credentials()
  return { apiKey: c.apiKey, apiSecret: c.apiSecret.toString('utf8') }
}

const keyFile = () => join(dir, KEY_FILE_NAME)
const fileText = () => readFileSync(keyFile(), 'utf8')

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lendpace-vault-'))
  clock = new ManualClock(Date.UTC(2025, 0, 1))
  logger = createMemoryLogger({ clock })
  scopesByKey = new Map()
  verifyCalls = 0
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('vault: adding a key', () => {
  it('saves an accepted key encrypted with a protected OS store; the file holds neither key nor secret', async () => {
    const os = createSafeStorageCipher(fakeSafeStorage({ backend: 'gnome_libsecret', prefix: 'v11' }), 'linux')
    const vault = vaultWith(os)
    const creds = newKey(FUNDING_ONLY)
    const { check, status } = await vault.addKey(creds)
    expect(check.accepted).toBe(true)
    expect(verifyCalls).toBe(1)
    expect(status).toMatchObject({
      stored: true,
      backend: 'safeStorage:gnome_libsecret',
      protected: true,
      locked: false,
      osStorageWeak: false,
      maskedKey: `${creds.apiKey.slice(0, 4)}…${creds.apiKey.slice(-4)}`,
      addedAt: clock.now(),
      lastVerifiedAt: clock.now(),
      rotationDue: false,
      notice: null
    })
    expect(status.scopes.map((s) => s.scope)).toEqual(['funding', 'wallets'])
    const text = fileText()
    expect(text).not.toContain(creds.apiSecret)
    expect(text).not.toContain(creds.apiKey)
    expect(JSON.parse(text)).toMatchObject({ version: 1, cipherId: 'safeStorage', backend: 'gnome_libsecret', weakAccepted: false })
    if (process.platform !== 'win32') expect(statSync(keyFile()).mode & 0o777).toBe(0o600)
    expect(await readable(vault)).toEqual(creds)
    // The contract's status never carries the secret.
    expect(JSON.stringify(status)).not.toContain(creds.apiSecret)
  })

  it('refuses a withdraw-capable key and a funding-less key: nothing saved, reasons given', async () => {
    const vault = vaultWith(createSafeStorageCipher(fakeSafeStorage({ backend: 'kwallet5', prefix: 'v11' }), 'linux'))
    const withdraw = await vault.addKey(newKey(WITH_WITHDRAW))
    expect(withdraw.check.accepted).toBe(false)
    expect(withdraw.check.messages.join(' ')).toMatch(/withdrawal/)
    expect(withdraw.status.stored).toBe(false)
    const noFunding = await vault.addKey(newKey(NO_FUNDING))
    expect(noFunding.check.accepted).toBe(false)
    expect(noFunding.check.messages.join(' ')).toMatch(/Margin Funding/)
    expect(existsSync(keyFile())).toBe(false)
  })

  it('a refused replacement keeps the key already saved', async () => {
    const vault = vaultWith(createSafeStorageCipher(fakeSafeStorage({ backend: 'kwallet5', prefix: 'v11' }), 'linux'))
    const good = newKey(FUNDING_ONLY)
    await vault.addKey(good)
    await vault.addKey(newKey(WITH_WITHDRAW))
    expect(await readable(vault)).toEqual(good)
  })

  it('an invalid key (Bitfinex says no) is not saved, and the error carries no secret', async () => {
    const vault = vaultWith(createSafeStorageCipher(fakeSafeStorage({ backend: 'kwallet5', prefix: 'v11' }), 'linux'))
    const unknown = { apiKey: base62(43), apiSecret: base62(43) }
    const err = await vault.addKey(unknown).catch((e) => e)
    expect(err).toBeInstanceOf(ExchangeError)
    expect(existsSync(keyFile())).toBe(false)
    expect(toUserError(err).message).not.toContain(unknown.apiSecret)
  })

  it('a malformed key is refused before any network call, without echoing the input', async () => {
    const vault = vaultWith(null)
    const apiSecret = 'has spaces and $ymbols but is long enough'
    const err = await vault.addKey({ apiKey: base62(43), apiSecret, passphrase: 'a long passphrase' }).catch((e) => e)
    expect(toUserError(err).message).toMatch(/API secret should be/)
    expect(JSON.stringify(toUserError(err))).not.toContain(apiSecret)
    expect(verifyCalls).toBe(0)
    // Even malformed, it is now known to the log redactor.
    logger.log('info', `pasted: ${apiSecret}`)
    expect(logger.text()).not.toContain(apiSecret)
  })
})

describe('vault: weak OS storage', () => {
  const weakOs = () => createSafeStorageCipher(fakeSafeStorage({ backend: 'basic_text', prefix: 'v10' }), 'linux')

  it('without a passphrase or consent: refused with a clear message, nothing verified or saved', async () => {
    const vault = vaultWith(weakOs())
    expect(await vault.status()).toMatchObject({ osStorageWeak: true, weakStorageOptIn: true })
    const err = await vault.addKey(newKey(FUNDING_ONLY)).catch((e) => e)
    expect(err).toBeInstanceOf(UserFacingError)
    expect(err.kind).toBe('weakStorage')
    expect(err.message).toMatch(/does not protect your key.*passphrase.*accept weak storage/s)
    expect(verifyCalls).toBe(0)
    expect(existsSync(keyFile())).toBe(false)
  })

  it('with no OS store at all (plain Node): asks for a passphrase and offers no weak opt-in', async () => {
    expect(await vaultWith(null).status()).toMatchObject({ osStorageWeak: true, weakStorageOptIn: false })
    const err = await vaultWith(null).addKey(newKey(FUNDING_ONLY)).catch((e) => e)
    expect(err.kind).toBe('weakStorage')
    expect(err.message).toMatch(/No system key store.*passphrase/)
  })

  it('explicit consent is recorded and reported as not protected', async () => {
    const vault = vaultWith(weakOs())
    const { status } = await vault.addKey({ ...newKey(FUNDING_ONLY), acceptWeakStorage: true })
    expect(status).toMatchObject({ stored: true, protected: false, backend: 'safeStorage:basic_text', osStorageWeak: true })
    expect(JSON.parse(fileText()).weakAccepted).toBe(true)
  })

  it('passphrase path: locked after a restart, wrong passphrase refused, right one unlocks', async () => {
    const creds = newKey(FUNDING_ONLY)
    const passphrase = 'my long passphrase 42'
    const first = vaultWith(weakOs())
    const { status } = await first.addKey({ ...creds, passphrase })
    expect(status).toMatchObject({ stored: true, backend: 'passphrase', protected: true, locked: false })
    expect(await readable(first)).toEqual(creds)
    const text = fileText()
    for (const s of [creds.apiKey, creds.apiSecret, passphrase]) expect(text).not.toContain(s)

    // "Restart": a new vault over the same folder knows nothing but the file.
    const second = vaultWith(weakOs())
    const locked = await second.status()
    expect(locked).toMatchObject({ stored: true, locked: true, backend: 'passphrase' })
    expect(locked.notice).toMatch(/passphrase/)
    await expect(second.credentials()).rejects.toMatchObject({ kind: 'vaultLocked' })
    await expect(second.unlock('not the passphrase')).rejects.toMatchObject({ kind: 'wrongPassphrase' })
    expect((await second.unlock(passphrase)).locked).toBe(false)
    expect(await readable(second)).toEqual(creds)
    second.lock()
    expect((await second.status()).locked).toBe(true)
  })
})

describe('vault: lifecycle', () => {
  it('delete removes the encrypted file (and leftovers); credentials then fail clearly', async () => {
    const vault = vaultWith(null)
    await vault.addKey({ ...newKey(FUNDING_ONLY), passphrase: 'a long passphrase' })
    writeFileSync(`${keyFile()}.tmp-1-dead`, 'leftover of a crash')
    const status = await vault.deleteKey()
    expect(status.stored).toBe(false)
    expect(existsSync(keyFile())).toBe(false)
    expect(existsSync(`${keyFile()}.tmp-1-dead`)).toBe(false)
    await expect(vault.credentials()).rejects.toMatchObject({ kind: 'noKey' })
  })

  it('backend change after a restart: a notice, and credentials() refuses instead of failing silently', async () => {
    const keyring = randomBytes(32)
    const first = vaultWith(createSafeStorageCipher(fakeSafeStorage({ backend: 'gnome_libsecret', prefix: 'v11', key: keyring }), 'linux'))
    await first.addKey(newKey(FUNDING_ONLY))

    // Next session: no keyring, Electron fell back to basic_text.
    const fallback = vaultWith(createSafeStorageCipher(fakeSafeStorage({ backend: 'basic_text', prefix: 'v10' }), 'linux'))
    const status = await fallback.status()
    expect(status.stored).toBe(true)
    expect(status.notice).toMatch(/saved with the system key store "gnome_libsecret".*"basic_text"/)
    const err = await fallback.credentials().catch((e) => e)
    expect(err).toBeInstanceOf(UserFacingError)
    expect(err.kind).toBe('keyStoreChanged')

    // Same backend name, but the keyring now silently hands out the hard-coded key (v10 output).
    const degraded = vaultWith(createSafeStorageCipher(fakeSafeStorage({ backend: 'gnome_libsecret', prefix: 'v10', key: keyring }), 'linux'))
    await expect(degraded.credentials()).rejects.toMatchObject({ kind: 'keyStoreChanged' })

    // Plain Node (no OS store at all).
    expect((await vaultWith(null).status()).notice).toMatch(/not available in this mode/)

    // The keyring back: works again.
    const restored = vaultWith(createSafeStorageCipher(fakeSafeStorage({ backend: 'gnome_libsecret', prefix: 'v11', key: keyring }), 'linux'))
    expect((await restored.status()).notice).toBeNull()
    expect((await restored.credentials()).apiKey).toHaveLength(43)
  })

  it('rotation reminder after 90 days; replacing the key resets it', async () => {
    const vault = vaultWith(createSafeStorageCipher(fakeSafeStorage({ backend: 'kwallet6', prefix: 'v11' }), 'linux'))
    await vault.addKey(newKey(FUNDING_ONLY))
    await clock.advance(ROTATION_DAYS * DAY)
    expect((await vault.status()).rotationDue).toBe(false)
    await clock.advance(DAY)
    const due = await vault.status()
    expect(due.rotationDue).toBe(true)
    expect(due.notice).toMatch(/more than 90 days old/)
    const replacement = newKey(FUNDING_ONLY)
    const { status } = await vault.addKey(replacement)
    expect(status).toMatchObject({ rotationDue: false, addedAt: clock.now(), notice: null })
    expect(await readable(vault)).toEqual(replacement)
  })

  it('recordVerification stores the new verdict; a key that gained withdraw rights gets a notice', async () => {
    const vault = vaultWith(createSafeStorageCipher(fakeSafeStorage({ backend: 'kwallet6', prefix: 'v11' }), 'linux'))
    const creds = newKey(FUNDING_ONLY)
    await vault.addKey(creds)
    await clock.advance(DAY)
    scopesByKey.set(creds.apiKey, WITH_WITHDRAW)
    const status = await vault.recordVerification(await verify(await vault.credentials()))
    expect(status.lastVerifiedAt).toBe(clock.now())
    expect(status.notice).toMatch(/refused.*withdrawal/)
  })

  it('re-encrypts when the OS store says its key rotated', async () => {
    const keyring = randomBytes(32)
    const vault = vaultWith(createSafeStorageCipher(fakeSafeStorage({ backend: 'kwallet6', prefix: 'v11', key: keyring, reEncrypt: true }), 'linux'))
    const creds = newKey(FUNDING_ONLY)
    await vault.addKey(creds)
    const before = JSON.parse(fileText()).ciphertext
    expect(await readable(vault)).toEqual(creds)
    await vault.status() // queued after the re-encryption
    await new Promise((r) => setImmediate(r))
    expect(JSON.parse(fileText()).ciphertext).not.toBe(before)
    expect(await readable(vault)).toEqual(creds)
  })

  it('a damaged key file is reported, never used, and can be deleted', async () => {
    writeFileSync(keyFile(), '{"version":1,"cipherId":"passphrase"')
    const vault = vaultWith(null)
    const status = await vault.status()
    expect(status).toMatchObject({ stored: true, maskedKey: null })
    expect(status.notice).toMatch(/damaged/)
    await expect(vault.credentials()).rejects.toMatchObject({ kind: 'keyUnreadable' })
    expect((await vault.deleteKey()).stored).toBe(false)
  })

  it('no line the vault logged contains the key, the secret or the passphrase, even from a leaky error', async () => {
    const creds = newKey(FUNDING_ONLY)
    const passphrase = 'another long passphrase'
    const vault = createVault({
      dir,
      osCipher: null,
      clock,
      logger,
      redactor: logger.redactor,
      scryptCost: FAST_SCRYPT,
      // A buggy exchange layer that puts the secret into its message.
      verify: async (c) => {
        throw new ExchangeError('auth', `bad signature for secret ${c.apiSecret} and key ${c.apiKey}`)
      }
    })
    const err = await vault.addKey({ ...creds, passphrase }).catch((e) => e)
    expect(err.message).not.toContain(creds.apiSecret)
    expect(err.message).not.toContain(creds.apiKey)
    await vaultWith(null).addKey({ ...creds, passphrase })
    await vaultWith(null).unlock(passphrase)
    const text = logger.text()
    expect(text).toContain('API key saved')
    for (const s of [creds.apiKey, creds.apiSecret, passphrase]) expect(text).not.toContain(s)
  })

  it('a leaky error loses the secret from its message and stack even when no redactor is shared', async () => {
    const creds = newKey(FUNDING_ONLY)
    const vault = createVault({
      dir,
      osCipher: null,
      clock,
      logger,
      scryptCost: FAST_SCRYPT,
      verify: async (c) => {
        const leaky = new ExchangeError('auth', `bad signature for secret ${c.apiSecret}`)
        // V8 writes the stack text on first read: an exchange layer that looked at it fixed the secret in it.
        void leaky.stack
        throw leaky
      }
    })
    const err = await vault.addKey({ ...creds, passphrase: 'a third long passphrase' }).catch((e) => e)
    expect(err).toBeInstanceOf(ExchangeError)
    expect(err.message).toContain('bad signature')
    expect(err.message).not.toContain(creds.apiSecret)
    expect(err.stack).not.toContain(creds.apiSecret)
  })
})
