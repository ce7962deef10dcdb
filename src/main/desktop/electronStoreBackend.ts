// electron-store as a KeyValueBackend for the Electron shell: the same conf underneath, the same
// options, so the desktop app and the plain-Node host read and write identical files. Not runnable
// here (electron-store imports electron); type-checked only.
import ElectronStore from 'electron-store'
import { STORE_FILE_OPTIONS, wholeDocumentBackend, type KeyValueBackend } from '../core/storage/backend'

/** `cwd` is the user-data folder (app.getPath('userData')); absolute so the store never guesses. */
export function createElectronStoreBackend(opts: { cwd: string; name: string }): KeyValueBackend {
  return wholeDocumentBackend(opts, () => new ElectronStore<Record<string, unknown>>({ ...STORE_FILE_OPTIONS, cwd: opts.cwd, name: opts.name }))
}
