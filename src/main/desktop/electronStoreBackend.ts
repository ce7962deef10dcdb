// electron-store as a KeyValueBackend for the Electron shell: the same conf underneath, the same
// options, so the desktop app and the plain-Node host read and write identical files. Not runnable
// here (electron-store imports electron); type-checked only.
import ElectronStore from 'electron-store'
import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { STORE_FILE_OPTIONS, type KeyValueBackend } from '../core/storage/backend'

/** `cwd` is the user-data folder (app.getPath('userData')); absolute so the store never guesses. */
export function createElectronStoreBackend(opts: { cwd: string; name: string }): KeyValueBackend {
  if (!isAbsolute(opts.cwd)) throw new Error(`The store folder must be an absolute path (got "${opts.cwd}").`)
  const path = resolve(opts.cwd, `${opts.name}.${STORE_FILE_OPTIONS.fileExtension}`)
  let store: ElectronStore<Record<string, unknown>> | null = null
  const open = () => (store ??= new ElectronStore<Record<string, unknown>>({ ...STORE_FILE_OPTIONS, cwd: opts.cwd, name: opts.name }))
  return {
    path,
    exists: () => existsSync(path),
    read: () => open().store,
    write(doc) {
      open().store = doc
    }
  }
}
