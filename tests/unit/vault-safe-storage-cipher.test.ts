// The fake safeStorage (vault-fake-safe-storage.ts) stands in for Electron, not for our code; it also
// throws if anyone calls the deprecated synchronous API.
import { describe, expect, it } from 'vitest'
import { createSafeStorageCipher, isHardCodedKeyCiphertext } from '../../src/main/desktop/safeStorageCipher'
import { UserFacingError } from '../../src/main/core/userError'
import { fakeSafeStorage } from './vault-fake-safe-storage'

describe('safeStorage cipher', () => {
  it('Linux basic_text: available but NOT protected', async () => {
    const cipher = createSafeStorageCipher(fakeSafeStorage({ backend: 'basic_text', prefix: 'v10' }), 'linux')
    expect(await cipher.describe()).toEqual({ available: true, backend: 'basic_text', protected: false })
  })

  it('Linux unknown (asked before app ready): not protected, and asked again later', async () => {
    const fake = fakeSafeStorage({ backend: 'unknown', prefix: 'v11' })
    const cipher = createSafeStorageCipher(fake, 'linux')
    expect((await cipher.describe()).protected).toBe(false)
    fake.calls.length = 0
    await cipher.describe()
    expect(fake.calls).toContain('getSelectedStorageBackend')
  })

  it('Linux gnome_libsecret with keyring-encrypted (v11) output: protected', async () => {
    const fake = fakeSafeStorage({ backend: 'gnome_libsecret', prefix: 'v11' })
    const cipher = createSafeStorageCipher(fake, 'linux')
    expect(await cipher.describe()).toEqual({ available: true, backend: 'gnome_libsecret', protected: true })
    const blob = await cipher.encrypt('the secret')
    expect(await cipher.decrypt(blob)).toEqual({ plain: 'the secret', reEncrypt: false })
    // Only the async API was used (the sync ones throw in the fake).
    expect(new Set(fake.calls)).toEqual(
      new Set(['getSelectedStorageBackend', 'isAsyncEncryptionAvailable', 'encryptStringAsync', 'decryptStringAsync'])
    )
  })

  it('Linux keyring backend whose ciphertext still starts with v10 (hard-coded key): NOT protected', async () => {
    const cipher = createSafeStorageCipher(fakeSafeStorage({ backend: 'kwallet6', prefix: 'v10' }), 'linux')
    expect(await cipher.describe()).toEqual({ available: true, backend: 'kwallet6', protected: false })
  })

  it('v10 means protected on macOS and Windows (Keychain / DPAPI use that prefix legitimately)', async () => {
    for (const [platform, backend] of [
      ['darwin', 'keychain'],
      ['win32', 'dpapi']
    ] as const) {
      const cipher = createSafeStorageCipher(fakeSafeStorage({ backend: 'ignored', prefix: 'v10' }), platform)
      expect(await cipher.describe()).toEqual({ available: true, backend, protected: true })
    }
    expect(isHardCodedKeyCiphertext(Buffer.from('v10abc'), 'linux')).toBe(true)
    expect(isHardCodedKeyCiphertext(Buffer.from('v11abc'), 'linux')).toBe(false)
    expect(isHardCodedKeyCiphertext(Buffer.from('v10abc'), 'darwin')).toBe(false)
  })

  it('encryption unavailable: neither available nor protected', async () => {
    const cipher = createSafeStorageCipher(
      fakeSafeStorage({ backend: 'gnome_libsecret', prefix: 'v11', available: false }),
      'linux'
    )
    expect(await cipher.describe()).toEqual({ available: false, backend: 'gnome_libsecret', protected: false })
  })

  it('passes the re-encrypt hint through, and turns a decrypt failure into a clear UserFacingError', async () => {
    const cipher = createSafeStorageCipher(
      fakeSafeStorage({ backend: 'gnome_libsecret', prefix: 'v11', reEncrypt: true }),
      'linux'
    )
    const blob = await cipher.encrypt('abc')
    expect((await cipher.decrypt(blob)).reEncrypt).toBe(true)
    const other = createSafeStorageCipher(fakeSafeStorage({ backend: 'gnome_libsecret', prefix: 'v11' }), 'linux')
    const err = await other.decrypt(blob).catch((e) => e)
    expect(err).toBeInstanceOf(UserFacingError)
    expect(err.kind).toBe('keyUnreadable')
  })
})
