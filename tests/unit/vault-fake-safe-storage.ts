// A stand-in for Electron's safeStorage (which cannot run here), not for our code: it encrypts for
// real, tags its output the way Chromium does (v10 = hard-coded key, v11 = keyring), records which
// calls were made, and throws if anyone calls the deprecated synchronous API.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

export function fakeSafeStorage(opts: {
  backend: string
  prefix: 'v10' | 'v11'
  /** The same key across "restarts" means the same OS keyring. */
  key?: Buffer
  available?: boolean
  reEncrypt?: boolean
}) {
  const key = opts.key ?? randomBytes(32)
  const calls: string[] = []
  const sync = (name: string) => () => {
    throw new Error(`deprecated sync safeStorage.${name} used`)
  }
  return {
    calls,
    async isAsyncEncryptionAvailable() {
      calls.push('isAsyncEncryptionAvailable')
      return opts.available ?? true
    },
    getSelectedStorageBackend() {
      calls.push('getSelectedStorageBackend')
      return opts.backend
    },
    async encryptStringAsync(plain: string) {
      calls.push('encryptStringAsync')
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()])
      return Buffer.concat([Buffer.from(opts.prefix), iv, body, c.getAuthTag()])
    },
    async decryptStringAsync(data: Buffer) {
      calls.push('decryptStringAsync')
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(3, 15))
      d.setAuthTag(data.subarray(data.length - 16))
      const result = Buffer.concat([d.update(data.subarray(15, data.length - 16)), d.final()]).toString('utf8')
      return { result, shouldReEncrypt: opts.reEncrypt ?? false }
    },
    encryptString: sync('encryptString'),
    decryptString: sync('decryptString'),
    isEncryptionAvailable: sync('isEncryptionAvailable')
  }
}
