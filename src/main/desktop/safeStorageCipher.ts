// The OS key store as a SecretCipher, through Electron's safeStorage ASYNC API (Electron 42+; the sync
// calls are deprecated in 45). Electron is injected as the few functions we use, so this logic runs under
// plain Node in tests with a stand-in object, and the real `safeStorage` fits the same shape.
//
// The trap this guards against: on Linux without a keyring, Chromium falls back to a hard-coded key
// (backend `basic_text`, ciphertext prefixed `v10`). That is obfuscation, not protection, so we report
// it as not protected and the vault asks for a passphrase or an explicit opt-in.
import { UserFacingError } from '../core/userError'
import type { CipherInfo, DecryptResult, SecretCipher } from '../core/vault/cipher'

/** The subset of Electron's `safeStorage` this cipher uses (structurally satisfied by the real one). */
interface AsyncSafeStorage {
  isAsyncEncryptionAvailable(): Promise<boolean>
  encryptStringAsync(plainText: string): Promise<Buffer>
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>
  /** Linux only; other platforms never call it. */
  getSelectedStorageBackend(): string
}

const SAFE_STORAGE_CIPHER_ID = 'safeStorage'

/** Linux backends that mean "no real keyring": `unknown` is also what it says before app ready. */
const WEAK_LINUX_BACKENDS = new Set(['basic_text', 'unknown'])
/** Chromium's OSCrypt prefix for data encrypted with the hard-coded Linux key (v11 = keyring key). */
const HARD_CODED_KEY_PREFIX = Buffer.from('v10', 'ascii')
const PROBE_TEXT = 'lendpace-keystore-probe'

const platformBackend = (platform: string): string =>
  platform === 'darwin' ? 'keychain' : platform === 'win32' ? 'dpapi' : platform

/** On Linux only: elsewhere `v10` is the normal prefix of properly protected data (Keychain, DPAPI). */
export function isHardCodedKeyCiphertext(data: Uint8Array, platform: string): boolean {
  return (
    platform === 'linux' &&
    data.length >= HARD_CODED_KEY_PREFIX.length &&
    Buffer.from(data.buffer, data.byteOffset, HARD_CODED_KEY_PREFIX.length).equals(HARD_CODED_KEY_PREFIX)
  )
}

export function createSafeStorageCipher(safeStorage: AsyncSafeStorage, platform: string): SecretCipher {
  // The backend cannot change within a process once the app is ready, so a settled answer is kept;
  // `unknown` (asked too early) and unavailable answers are asked again next time.
  let settled: CipherInfo | null = null

  const backendName = (): string => {
    if (platform !== 'linux') return platformBackend(platform)
    try {
      return safeStorage.getSelectedStorageBackend()
    } catch {
      return 'unknown'
    }
  }

  async function describe(): Promise<CipherInfo> {
    if (settled) return settled
    const backend = backendName()
    let available = false
    try {
      available = await safeStorage.isAsyncEncryptionAvailable()
    } catch {
      available = false
    }
    if (!available) return { available, backend, protected: false }
    if (platform === 'linux' && WEAK_LINUX_BACKENDS.has(backend)) {
      const info = { available, backend, protected: false }
      if (backend !== 'unknown') settled = info
      return info
    }
    // The backend's name is not the whole truth on Linux: a keyring that fails to unlock still falls
    // back to the hard-coded key. The ciphertext prefix says what was really used.
    let probeProtected = true
    if (platform === 'linux') {
      try {
        probeProtected = !isHardCodedKeyCiphertext(await safeStorage.encryptStringAsync(PROBE_TEXT), platform)
      } catch {
        return { available: false, backend, protected: false }
      }
    }
    settled = { available, backend, protected: probeProtected }
    return settled
  }

  return {
    id: SAFE_STORAGE_CIPHER_ID,
    describe,
    async encrypt(plain) {
      let out: Buffer
      try {
        out = await safeStorage.encryptStringAsync(plain)
      } catch {
        throw new UserFacingError('keyStoreUnavailable', 'The system key store refused to encrypt the key.')
      }
      if (isHardCodedKeyCiphertext(out, platform)) settled = { available: true, backend: backendName(), protected: false }
      return new Uint8Array(out)
    },
    async decrypt(data): Promise<DecryptResult> {
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
          Buffer.from(data.buffer, data.byteOffset, data.byteLength)
        )
        return { plain: result, reEncrypt: shouldReEncrypt }
      } catch {
        throw new UserFacingError(
          'keyUnreadable',
          'The system key store could not decrypt the saved key (was the keyring reset or replaced?). Add the key again.'
        )
      }
    }
  }
}
