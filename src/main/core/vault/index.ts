export type { SecretCipher, CipherInfo, DecryptResult } from './cipher'
export {
  createPassphraseCipher,
  unlockPassphraseCipher,
  DEFAULT_SCRYPT_COST,
  PASSPHRASE_CIPHER_ID,
  type ScryptCost
} from './passphraseCipher'
export { createVault, maskKey, ROTATION_DAYS, type Vault, type VaultOptions, type Credentials } from './vault'
export { KEY_FILE_NAME, keyFileSchema, type KeyFile } from './keyFile'
