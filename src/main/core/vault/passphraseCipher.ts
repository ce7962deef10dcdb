// The passphrase cipher: for machines whose OS key store does not protect anything (Linux without a
// keyring) or users who prefer their own secret. scrypt stretches the passphrase into an AES-256-GCM
// key; GCM authenticates the whole blob, header included, so a wrong passphrase and a tampered file
// are both detected instead of producing garbage. Only the derived key is kept in memory, never the
// passphrase itself.
import { createCipheriv, createDecipheriv, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { UserFacingError } from '../userError'
import type { CipherInfo, DecryptResult, SecretCipher } from './cipher'

/**
 * scrypt cost. N = 2^log2N. OWASP's password storage cheat sheet asks for at least N = 2^17, r = 8, p = 1
 * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#scrypt): 128 MiB and
 * about half a second: slow for guessing, fine once per unlock. The cost is stored in every blob, so files
 * written at an older, lower cost still open and are re-encrypted at this one on their next unlock.
 */
export interface ScryptCost {
  log2N: number
  r: number
  p: number
}
export const DEFAULT_SCRYPT_COST: ScryptCost = { log2N: 17, r: 8, p: 1 }

const MAGIC = Buffer.from('LPPC', 'ascii')
const FORMAT_VERSION = 1
const SALT_BYTES = 16
const IV_BYTES = 12
const TAG_BYTES = 16
const HEADER_BYTES = MAGIC.length + 4 + SALT_BYTES + IV_BYTES
// A tampered header must not make us burn gigabytes of memory or minutes of CPU: scrypt needs
// 128·N·r bytes, capped at 256 MiB (2× the default cost's 128 MiB, so the default can rise once more).
const LOG2N_RANGE = [10, 20] as const
const MAX_SCRYPT_MEMORY = 256 * 2 ** 20

export const PASSPHRASE_CIPHER_ID = 'passphrase'

interface Header {
  cost: ScryptCost
  salt: Buffer
  iv: Buffer
}

const asBuffer = (data: Uint8Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength)

function parseHeader(data: Uint8Array): Header {
  const buf = asBuffer(data)
  if (buf.length < HEADER_BYTES + TAG_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC))
    throw new UserFacingError('keyUnreadable', 'The saved key is not in the passphrase format; add the key again.')
  let at = MAGIC.length
  const version = buf[at++]
  if (version !== FORMAT_VERSION)
    throw new UserFacingError('keyUnreadable', 'The saved key was written by a newer version of LendPace.')
  const cost = { log2N: buf[at++], r: buf[at++], p: buf[at++] }
  const outOfRange = cost.log2N < LOG2N_RANGE[0] || cost.log2N > LOG2N_RANGE[1] || cost.r < 1 || cost.r > 32 || cost.p < 1 || cost.p > 16
  if (outOfRange || 128 * 2 ** cost.log2N * cost.r > MAX_SCRYPT_MEMORY)
    throw new UserFacingError('keyUnreadable', 'The saved key file is damaged (bad passphrase parameters).')
  const salt = Buffer.from(buf.subarray(at, at + SALT_BYTES))
  at += SALT_BYTES
  const iv = Buffer.from(buf.subarray(at, at + IV_BYTES))
  return { cost, salt, iv }
}

function deriveKey(passphrase: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.log2N
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r }, (err, key) =>
      err ? reject(err) : resolve(key)
    )
  )
}

class PassphraseCipher implements SecretCipher {
  readonly id = PASSPHRASE_CIPHER_ID

  constructor(
    private readonly key: Buffer,
    private readonly salt: Buffer,
    private readonly cost: ScryptCost
  ) {}

  async describe(): Promise<CipherInfo> {
    return { available: true, backend: 'scrypt', protected: true }
  }

  async encrypt(plain: string): Promise<Uint8Array> {
    const iv = randomBytes(IV_BYTES)
    const header = Buffer.concat([
      MAGIC,
      Buffer.from([FORMAT_VERSION, this.cost.log2N, this.cost.r, this.cost.p]),
      this.salt,
      iv
    ])
    const c = createCipheriv('aes-256-gcm', this.key, iv)
    c.setAAD(header)
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()])
    return new Uint8Array(Buffer.concat([header, body, c.getAuthTag()]))
  }

  async decrypt(data: Uint8Array): Promise<DecryptResult> {
    const header = parseHeader(data)
    if (!timingSafeEqual(header.salt, this.salt))
      throw new UserFacingError('wrongPassphrase', 'The saved key was encrypted with a different passphrase.')
    return { plain: openBlob(this.key, data, header.iv), reEncrypt: false }
  }
}

/**
 * Decrypt a blob whose header parseHeader accepted (its iv passed in). A GCM failure means wrong key or
 * changed bytes, which we cannot tell apart.
 */
function openBlob(key: Buffer, data: Uint8Array, iv: Buffer): string {
  const buf = asBuffer(data)
  const d = createDecipheriv('aes-256-gcm', key, iv)
  d.setAAD(buf.subarray(0, HEADER_BYTES))
  d.setAuthTag(buf.subarray(buf.length - TAG_BYTES))
  try {
    return Buffer.concat([d.update(buf.subarray(HEADER_BYTES, buf.length - TAG_BYTES)), d.final()]).toString('utf8')
  } catch {
    throw new UserFacingError(
      'wrongPassphrase',
      'That passphrase does not unlock the saved key (or the key file was changed since it was saved).'
    )
  }
}

/** A cipher for a new passphrase: fresh random salt. */
export async function createPassphraseCipher(
  passphrase: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST
): Promise<SecretCipher> {
  const salt = randomBytes(SALT_BYTES)
  return new PassphraseCipher(await deriveKey(passphrase, salt, cost), salt, cost)
}

/** Is this blob's scrypt cost below `target` (it should be re-encrypted at the target cost)? */
export function weakerThan(saved: Uint8Array, target: ScryptCost): boolean {
  const { cost } = parseHeader(saved)
  return 128 * 2 ** cost.log2N * cost.r * cost.p < 128 * 2 ** target.log2N * target.r * target.p
}

/**
 * The cipher for data saved earlier: derive the key with the blob's own salt and cost, and prove it by
 * decrypting the blob. Wrong passphrase → UserFacingError('wrongPassphrase').
 */
export async function unlockPassphraseCipher(passphrase: string, saved: Uint8Array): Promise<SecretCipher> {
  const { salt, cost, iv } = parseHeader(saved)
  const key = await deriveKey(passphrase, salt, cost)
  openBlob(key, saved, iv)
  return new PassphraseCipher(key, salt, cost)
}
