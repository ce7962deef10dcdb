// The encrypted key on disk: one small JSON file, validated with zod on every read and replaced
// atomically (write a 0600 temp file, fsync, rename) so a crash mid-write leaves the old key intact.
// Nothing in it is usable without the cipher: the key and secret live only inside `ciphertext`.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import { scopeCheckSchema } from '../../../shared/domain'

export const KEY_FILE_NAME = 'api-key.json'

const keyFileSchema = z.object({
  version: z.literal(1),
  /** Which SecretCipher wrote `ciphertext`: 'safeStorage' or 'passphrase'. */
  cipherId: z.enum(['safeStorage', 'passphrase']),
  /** The store behind the cipher when it was written ('gnome_libsecret', 'keychain', 'dpapi', 'basic_text', 'scrypt'). */
  backend: z.string().min(1),
  /** The user explicitly accepted an OS store that does not protect the key (recorded consent). */
  weakAccepted: z.boolean(),
  maskedKey: z.string(),
  scopes: z.array(scopeCheckSchema),
  /** Verdict of the last live permission check. */
  accepted: z.boolean(),
  addedAt: z.number(),
  lastVerifiedAt: z.number().nullable(),
  ciphertext: z.base64()
})
export type KeyFile = z.infer<typeof keyFileSchema>

export type KeyFileRead = { kind: 'absent' } | { kind: 'ok'; file: KeyFile } | { kind: 'damaged' }

export function readKeyFile(path: string): KeyFileRead {
  if (!existsSync(path)) return { kind: 'absent' }
  try {
    const parsed = keyFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')))
    return parsed.success ? { kind: 'ok', file: parsed.data } : { kind: 'damaged' }
  } catch {
    return { kind: 'damaged' }
  }
}

export function writeKeyFile(path: string, file: KeyFile): void {
  const dir = dirname(path)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  const text = JSON.stringify(keyFileSchema.parse(file), null, 2)
  const fd = openSync(tmp, 'wx', 0o600)
  try {
    try {
      writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, path)
  } catch (err) {
    // A failed write (disk full) or rename must not leave a half-written temp file behind.
    rmSync(tmp, { force: true })
    throw err
  }
  // Make the rename itself durable where the OS allows syncing a directory (not on Windows).
  try {
    const dfd = openSync(dir, 'r')
    try {
      fsyncSync(dfd)
    } finally {
      closeSync(dfd)
    }
  } catch {
    /* best effort */
  }
}

/** Remove the key file and any temp file a crash may have left next to it. */
export function removeKeyFile(path: string): void {
  rmSync(path, { force: true })
  const dir = dirname(path)
  if (!existsSync(dir)) return
  const prefix = `${basename(path)}.tmp-`
  for (const name of readdirSync(dir)) if (name.startsWith(prefix)) rmSync(join(dir, name), { force: true })
}
