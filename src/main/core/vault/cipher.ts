// How the vault turns the key and secret into bytes on disk and back. The vault never knows which
// cipher it holds: the OS key store (Electron safeStorage, in the desktop shell) and the passphrase
// cipher (node:crypto, here in the core) both fit this shape, so the core stays Electron-free.

export interface CipherInfo {
  /** The cipher can encrypt and decrypt right now (false: no key store, or the keyring is locked). */
  available: boolean
  /** Which store protects the data, e.g. 'gnome_libsecret', 'keychain', 'dpapi', 'basic_text', 'scrypt'. */
  backend: string
  /**
   * true only when the bytes on disk are useless without something the attacker does not have (an OS
   * keyring secret, a passphrase). Linux basic_text (a hard-coded key) is available but NOT protected.
   */
  protected: boolean
}

export interface DecryptResult {
  plain: string
  /** The store rotated its key or found a better one: encrypt again and save (safeStorage hint). */
  reEncrypt: boolean
}

export interface SecretCipher {
  /** 'safeStorage' or 'passphrase': recorded in the key file to pick the cipher on the next start. */
  readonly id: string
  describe(): Promise<CipherInfo>
  encrypt(plain: string): Promise<Uint8Array>
  /** Rejects when the data was not produced by this cipher with this key (wrong passphrase, other keyring). */
  decrypt(data: Uint8Array): Promise<DecryptResult>
}
