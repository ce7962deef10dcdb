// conf as a KeyValueBackend, for plain Node (tests, the browser host, the CLI). conf writes through
// `atomically` (temp file, fsync, rename), re-reads the file on every access, and needs an absolute cwd
// because there is no Electron app path to default to.
import Conf from 'conf'
import { STORE_FILE_OPTIONS, wholeDocumentBackend, type KeyValueBackend } from './backend'

export function createConfBackend(opts: { cwd: string; name: string }): KeyValueBackend {
  return wholeDocumentBackend(
    opts,
    () => new Conf<Record<string, unknown>>({ ...STORE_FILE_OPTIONS, cwd: opts.cwd, configName: opts.name, projectName: 'lendpace' })
  )
}
