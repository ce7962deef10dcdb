// conf as a KeyValueBackend, for plain Node (tests, the browser host, the CLI). conf writes through
// `atomically` (temp file, fsync, rename), re-reads the file on every access, and needs an absolute cwd
// because there is no Electron app path to default to.
import Conf from 'conf'
import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { STORE_FILE_OPTIONS, type KeyValueBackend } from './backend'

export function createConfBackend(opts: { cwd: string; name: string }): KeyValueBackend {
  if (!isAbsolute(opts.cwd)) throw new Error(`The store folder must be an absolute path (got "${opts.cwd}").`)
  const path = resolve(opts.cwd, `${opts.name}.${STORE_FILE_OPTIONS.fileExtension}`)
  // Created on first use: the constructor reads the file and throws on invalid JSON, which the store
  // turns into a backup + defaults; after that the file is gone and construction succeeds.
  let conf: Conf<Record<string, unknown>> | null = null
  const open = () =>
    (conf ??= new Conf<Record<string, unknown>>({
      ...STORE_FILE_OPTIONS,
      cwd: opts.cwd,
      configName: opts.name,
      projectName: 'lendpace'
    }))
  return {
    path,
    exists: () => existsSync(path),
    read: () => open().store,
    write(doc) {
      open().store = doc
    }
  }
}
