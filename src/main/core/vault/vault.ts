// The key vault: the only place the API key and secret exist at rest, and the only door through
// which they come back. Nothing here returns the secret to a caller other than `credentials()`, which
// only the exchange adapter's signer calls.
//
// In memory: the secret is a Buffer, never a long-lived string. While lending runs (setInUse(true)) one
// decrypted copy is kept for signing; when it stops, that copy is dropped, and every copy handed out is
// zeroed a few seconds later (time for a request already being signed to finish). A stopped app forgets
// the passphrase key after the idle time the user set (auto-lock); a running loop is never locked.
//
// Storage choice, in order: a passphrase when the user gives one; the OS key store when it really
// protects the key; the OS key store in weak mode only with the user's explicit, recorded consent.
// The backend used is recorded; if it later differs, the vault says so and refuses to guess.
import { join } from 'node:path'
import { z } from 'zod'
import { addKeyRequestSchema, type AddKeyRequest, type VaultStatus } from '../../../shared/contract'
import type { KeyCheck } from '../../../shared/domain'
import type { VaultErrorKind } from '../../../shared/errorKinds'
import type { Clock, TimerHandle } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import { createRedactor, type Redactor } from '../logging/redactor'
import { UserFacingError } from '../userError'
import type { CipherInfo, SecretCipher } from './cipher'
import { KEY_FILE_NAME, readKeyFile, removeKeyFile, writeKeyFile, type KeyFile, type KeyFileRead } from './keyFile'
import {
  createPassphraseCipher,
  DEFAULT_SCRYPT_COST,
  PASSPHRASE_CIPHER_ID,
  unlockPassphraseCipher,
  weakerThan,
  type ScryptCost
} from './passphraseCipher'

export interface Credentials {
  apiKey: string
  /** Zeroed by the vault shortly after it is dropped: sign with it at once, never keep it. */
  apiSecret: Buffer
}

export interface VaultOptions {
  /** Folder of the key file (the app's user-data folder). */
  dir: string
  /** The OS key store (Electron safeStorage), or null where there is none (browser host, CLI). */
  osCipher: SecretCipher | null
  clock: Clock
  /** Live permission check through the exchange layer; rejects with an ExchangeError when the key is invalid. */
  verify: (creds: Credentials) => Promise<KeyCheck>
  logger: Logger
  /**
   * Told about the key, secret and passphrase as soon as they are in memory, so logs mask them. Default:
   * a private one, which still keeps them out of the error messages the vault passes on.
   */
  redactor?: Redactor
  /** Lower only in tests. */
  scryptCost?: ScryptCost
  /** How long a stopped app keeps the passphrase key unlocked without use; null or 0 = never. Read each time. */
  autoLockMs?: () => number | null
}

export interface Vault {
  readonly keyFilePath: string
  status(): Promise<VaultStatus>
  addKey(req: AddKeyRequest): Promise<{ check: KeyCheck; status: VaultStatus }>
  deleteKey(): Promise<VaultStatus>
  unlock(passphrase: string): Promise<VaultStatus>
  /** Forget the derived passphrase key and any decrypted copy (the next credentials() needs unlock again). */
  lock(): void
  /** The loop started (true: keep one decrypted copy, never auto-lock) or stopped (false: drop it, idle clock runs). */
  setInUse(inUse: boolean): void
  /** Decrypt for signing (or the kept copy while in use). Throws UserFacingError when no usable key is there. */
  credentials(): Promise<Credentials>
  /** Store the verdict of a later permission check (start-up, daily). */
  recordVerification(check: KeyCheck): Promise<VaultStatus>
}

export const ROTATION_DAYS = 90
const DAY_MS = 86_400_000
/** A dropped copy of the secret is zeroed this long after: a request being signed with it finishes first. */
export const SCRUB_DELAY_MS = 5_000

const plainCredentialsSchema = z.object({ apiKey: z.string().min(1), apiSecret: z.string().min(1) })

const maskKey = (apiKey: string): string => `${apiKey.slice(0, 4)}…${apiKey.slice(-4)}`

export function createVault(opts: VaultOptions): Vault {
  const keyFilePath = join(opts.dir, KEY_FILE_NAME)
  const { clock, logger, osCipher } = opts
  const scryptCost = opts.scryptCost ?? DEFAULT_SCRYPT_COST
  const redactor = opts.redactor ?? createRedactor()
  let passphraseCipher: SecretCipher | null = null
  /** The decrypted key kept while the loop runs. */
  let kept: Credentials | null = null
  let inUse = false
  let idleTimer: TimerHandle | null = null
  // Mutations (add, delete, unlock, re-encrypt) run one at a time so two windows cannot interleave writes.
  let queue: Promise<unknown> = Promise.resolve()
  const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }

  const registerSecrets = (...values: Array<string | undefined>) => {
    for (const v of values) if (v) redactor.registerSecret(v)
  }

  /** Zero a copy of the secret once any request already signing with it is done. */
  const scrubLater = (creds: Credentials): void => {
    clock.setTimeout(() => creds.apiSecret.fill(0), SCRUB_DELAY_MS)
  }

  function dropKept(): void {
    if (kept) scrubLater(kept)
    kept = null
  }

  function disarmIdle(): void {
    if (idleTimer) clock.clearTimeout(idleTimer)
    idleTimer = null
  }

  /** (Re)start the auto-lock countdown: only for an unlocked passphrase key, only while stopped. */
  function armIdle(): void {
    disarmIdle()
    const ms = opts.autoLockMs?.() ?? null
    if (!ms || inUse || !passphraseCipher) return
    idleTimer = clock.setTimeout(() => {
      idleTimer = null
      if (inUse || !passphraseCipher) return
      forget()
      logger.log('info', 'Vault locked after being idle', { idleMinutes: Math.round(ms / 60_000) })
    }, ms)
  }

  function forget(): void {
    disarmIdle()
    dropKept()
    passphraseCipher = null
  }

  async function osInfo(): Promise<CipherInfo | null> {
    if (!osCipher) return null
    try {
      return await osCipher.describe()
    } catch {
      return { available: false, backend: 'unknown', protected: false }
    }
  }

  /** Why a safeStorage-encrypted key cannot be used in this session, in a sentence; null when it can. */
  function keyStoreProblem(file: KeyFile, info: CipherInfo | null): { kind: VaultErrorKind; message: string } | null {
    if (file.cipherId !== 'safeStorage') return null
    if (!info)
      return {
        kind: 'keyStoreChanged',
        message: `The key was saved in the system key store (${file.backend}), which is not available in this mode. Add the key again here, or use the desktop app.`
      }
    if (!info.available)
      return {
        kind: 'keyStoreUnavailable',
        message: `The system key store (${file.backend}) is not available right now. Unlock your keyring and try again, or add the key again.`
      }
    if (info.backend !== file.backend || (!file.weakAccepted && !info.protected))
      return {
        kind: 'keyStoreChanged',
        message: `The key was saved with the system key store "${file.backend}", but this session uses "${info.backend}"${info.protected ? '' : ' (not protected)'}. LendPace will not switch silently: restore the keyring, or add the key again.`
      }
    return null
  }

  function statusFrom(read: KeyFileRead, info: CipherInfo | null): VaultStatus {
    const osStorageWeak = !info || !info.available || !info.protected
    const weakStorageOptIn = !!info && info.available && !info.protected
    const empty: VaultStatus = {
      stored: false,
      maskedKey: null,
      backend: null,
      protected: false,
      locked: false,
      osStorageWeak,
      weakStorageOptIn,
      scopes: [],
      addedAt: null,
      lastVerifiedAt: null,
      rotationDue: false,
      notice: null
    }
    if (read.kind === 'absent') return empty
    if (read.kind === 'damaged')
      return {
        ...empty,
        stored: true,
        notice: 'The saved key file is damaged and cannot be used. Delete it and add your key again.'
      }
    const file = read.file
    const isPassphrase = file.cipherId === PASSPHRASE_CIPHER_ID
    const locked = isPassphrase && !passphraseCipher
    const rotationDue = clock.now() - file.addedAt > ROTATION_DAYS * DAY_MS
    const problem = keyStoreProblem(file, info)
    const refused = file.accepted ? null : (file.scopes.find((s) => s.verdict === 'refused')?.reason ?? 'The key was refused.')
    const notice =
      problem?.message ??
      (refused ? `The key's permissions changed and it is refused: ${refused}` : null) ??
      (locked ? 'Enter your passphrase to unlock the saved key.' : null) ??
      (rotationDue
        ? `This key is more than ${ROTATION_DAYS} days old. Create a new one on Bitfinex, add it here, then delete the old one there.`
        : null)
    return {
      stored: true,
      maskedKey: file.maskedKey,
      backend: isPassphrase ? 'passphrase' : `safeStorage:${file.backend}`,
      protected: isPassphrase || !file.weakAccepted,
      locked,
      osStorageWeak,
      weakStorageOptIn,
      scopes: file.scopes,
      addedAt: file.addedAt,
      lastVerifiedAt: file.lastVerifiedAt,
      rotationDue,
      notice
    }
  }

  const status = async () => statusFrom(readKeyFile(keyFilePath), await osInfo())

  /** Pick the cipher for a new key, or explain why none is acceptable. */
  async function chooseCipher(
    req: AddKeyRequest
  ): Promise<{ cipher: SecretCipher; backend: string; weakAccepted: boolean; isNewPassphrase: boolean }> {
    if (req.passphrase)
      return {
        cipher: await createPassphraseCipher(req.passphrase, scryptCost),
        backend: 'scrypt',
        weakAccepted: false,
        isNewPassphrase: true
      }
    const info = await osInfo()
    if (osCipher && info?.available && info.protected)
      return { cipher: osCipher, backend: info.backend, weakAccepted: false, isNewPassphrase: false }
    if (osCipher && info?.available && req.acceptWeakStorage)
      return { cipher: osCipher, backend: info.backend, weakAccepted: true, isNewPassphrase: false }
    if (osCipher && info?.available)
      throw new UserFacingError(
        'weakStorage',
        `This computer's key store ("${info.backend}") does not protect your key: without a keyring, anyone who can read your files could decrypt it. Choose a passphrase (at least 10 characters), or explicitly accept weak storage.`
      )
    throw new UserFacingError(
      'weakStorage',
      'No system key store is available here. Choose a passphrase (at least 10 characters) to encrypt your key.'
    )
  }

  async function addKey(raw: AddKeyRequest): Promise<{ check: KeyCheck; status: VaultStatus }> {
    // Register before validating: even a malformed secret must never be printed by anyone.
    const asText = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined)
    registerSecrets(asText(raw?.apiKey), asText(raw?.apiSecret), asText(raw?.passphrase), raw?.passphrase)
    const req = addKeyRequestSchema.parse(raw)
    const choice = await chooseCipher(req)
    const creds = { apiKey: req.apiKey, apiSecret: req.apiSecret }
    const candidate: Credentials = { apiKey: req.apiKey, apiSecret: Buffer.from(req.apiSecret, 'utf8') }
    let check: KeyCheck
    try {
      check = await opts.verify(candidate)
    } catch (err) {
      // The exchange layer should never put the secret in a message; make sure anyway. Once anything
      // has read the stack, it holds its own copy of the message, so it is masked too.
      if (err instanceof Error) {
        err.message = redactor.redactText(err.message)
        if (err.stack) err.stack = redactor.redactText(err.stack)
      }
      logger.log('warn', 'API key verification failed', { error: err })
      throw err
    } finally {
      scrubLater(candidate)
    }
    if (!check.accepted) {
      logger.log('warn', 'API key refused; nothing saved', { maskedKey: maskKey(req.apiKey), reasons: check.messages })
      return { check, status: await status() }
    }
    return serialized(async () => {
      const plain = JSON.stringify(creds)
      const blob = await choice.cipher.encrypt(plain)
      // Read it back before replacing anything: a key store that cannot decrypt must not cost the old key.
      const back = await choice.cipher.decrypt(blob)
      if (back.plain !== plain)
        throw new UserFacingError('keyStoreUnavailable', 'The key store returned something else than what was saved.')
      const now = clock.now()
      writeKeyFile(keyFilePath, {
        version: 1,
        cipherId: choice.cipher.id === PASSPHRASE_CIPHER_ID ? 'passphrase' : 'safeStorage',
        backend: choice.backend,
        weakAccepted: choice.weakAccepted,
        maskedKey: maskKey(req.apiKey),
        scopes: check.scopes,
        accepted: true,
        addedAt: now,
        lastVerifiedAt: now,
        ciphertext: Buffer.from(blob).toString('base64')
      })
      forget()
      passphraseCipher = choice.isNewPassphrase ? choice.cipher : null
      armIdle()
      logger.log('info', 'API key saved', {
        maskedKey: maskKey(req.apiKey),
        cipher: choice.cipher.id,
        backend: choice.backend,
        weakAccepted: choice.weakAccepted,
        warnings: check.messages
      })
      return { check, status: await status() }
    })
  }

  function requireFile(): KeyFile {
    const read = readKeyFile(keyFilePath)
    if (read.kind === 'absent') throw new UserFacingError('noKey', 'No API key is saved. Add one in Settings → API key.')
    if (read.kind === 'damaged')
      throw new UserFacingError('keyUnreadable', 'The saved key file is damaged. Delete it and add your key again.')
    return read.file
  }

  async function credentials(): Promise<Credentials> {
    if (kept) return kept
    const file = requireFile()
    let cipher: SecretCipher
    if (file.cipherId === 'passphrase') {
      if (!passphraseCipher) throw new UserFacingError('vaultLocked', 'Enter your passphrase to unlock the saved key.')
      cipher = passphraseCipher
    } else {
      const problem = keyStoreProblem(file, await osInfo())
      if (problem) throw new UserFacingError(problem.kind, problem.message)
      cipher = osCipher!
    }
    const { plain, reEncrypt } = await cipher.decrypt(Buffer.from(file.ciphertext, 'base64'))
    // JSON.parse errors quote their input, which here is the secret: never let one escape.
    let json: unknown
    try {
      json = JSON.parse(plain)
    } catch {
      json = null
    }
    const parsed = plainCredentialsSchema.safeParse(json)
    if (!parsed.success) throw new UserFacingError('keyUnreadable', 'The saved key could not be read. Add your key again.')
    registerSecrets(parsed.data.apiKey, parsed.data.apiSecret)
    if (reEncrypt) void reEncryptWith(cipher, plain, file.ciphertext)
    const creds: Credentials = { apiKey: parsed.data.apiKey, apiSecret: Buffer.from(parsed.data.apiSecret, 'utf8') }
    if (inUse) kept = creds
    else {
      scrubLater(creds)
      armIdle()
    }
    return creds
  }

  /**
   * The file was written at a lower scrypt cost than today's: save the same credentials at today's cost
   * (new salt), read them back first, then replace the file. Runs inside unlock's serialized step.
   * A failure keeps the old file, which still opens.
   */
  async function strengthen(passphrase: string, file: KeyFile): Promise<void> {
    try {
      const { plain } = await passphraseCipher!.decrypt(Buffer.from(file.ciphertext, 'base64'))
      const stronger = await createPassphraseCipher(passphrase, scryptCost)
      const blob = await stronger.encrypt(plain)
      if ((await stronger.decrypt(blob)).plain !== plain) throw new Error('read-back mismatch')
      writeKeyFile(keyFilePath, { ...file, ciphertext: Buffer.from(blob).toString('base64') })
      passphraseCipher = stronger
      logger.log('info', 'API key re-encrypted at the current passphrase cost', { log2N: scryptCost.log2N })
    } catch (err) {
      logger.log('warn', 'Re-encrypting the API key at the current cost failed; the old copy stays', { error: err })
    }
  }

  /** The OS store rotated its key: save the same credentials under the new one, quietly. */
  function reEncryptWith(cipher: SecretCipher, plain: string, decrypted: string): Promise<void> {
    return serialized(async () => {
      const file = requireFile()
      // A queued add or delete ran first: the file holds another key now, which this must not overwrite.
      if (file.ciphertext !== decrypted) return
      const blob = await cipher.encrypt(plain)
      writeKeyFile(keyFilePath, { ...file, ciphertext: Buffer.from(blob).toString('base64') })
      logger.log('info', 'API key re-encrypted after a key store rotation', { backend: file.backend })
    }).catch((err) => logger.log('warn', 'Re-encrypting the API key failed; the old copy stays', { error: err }))
  }

  return {
    keyFilePath,
    status,
    addKey,
    credentials,
    deleteKey: () =>
      serialized(async () => {
        removeKeyFile(keyFilePath)
        forget()
        logger.log('info', 'API key deleted')
        return status()
      }),
    unlock: (passphrase) =>
      serialized(async () => {
        registerSecrets(passphrase)
        const file = requireFile()
        if (file.cipherId !== 'passphrase') return status()
        const saved = Buffer.from(file.ciphertext, 'base64')
        passphraseCipher = await unlockPassphraseCipher(passphrase, saved)
        logger.log('info', 'Vault unlocked')
        if (weakerThan(saved, scryptCost)) await strengthen(passphrase, file)
        armIdle()
        return status()
      }),
    lock: forget,
    setInUse(next) {
      inUse = next
      if (inUse) return disarmIdle()
      dropKept()
      armIdle()
    },
    recordVerification: (check) =>
      serialized(async () => {
        const file = requireFile()
        writeKeyFile(keyFilePath, { ...file, scopes: check.scopes, accepted: check.accepted, lastVerifiedAt: clock.now() })
        if (!check.accepted) logger.log('warn', 'API key permissions no longer acceptable', { reasons: check.messages })
        return status()
      })
  }
}
