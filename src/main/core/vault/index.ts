export type { SecretCipher } from './cipher'
export { createVault, ROTATION_DAYS, type Vault, type VaultOptions, type Credentials } from './vault'
export { KEY_FILE_NAME } from './keyFile'
export { excludeMemoryFromCoreDumps } from './coreDumps'
