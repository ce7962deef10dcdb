// The storage port: one JSON document per file. Under plain Node it is conf; in the Electron shell it is
// electron-store (the same library underneath, so the same file format, atomic writes and options).
// The stores above it validate with zod and own corruption handling; a backend only reads and writes.
import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'

export interface KeyValueBackend {
  /** Absolute path of the file, for backups and for telling the user where it is. */
  readonly path: string
  /** A missing file is a first start, not a corruption. */
  exists(): boolean
  /** The whole document as stored. Throws when the file cannot be parsed. */
  read(): unknown
  /** Replace the whole document atomically (temp file + rename). */
  write(doc: Record<string, unknown>): void
}

/** Options shared by both backends so the two shells write identical files. */
export const STORE_FILE_OPTIONS = {
  fileExtension: 'json',
  // Owner-only: settings and history are nobody else's business, even without secrets in them.
  configFileMode: 0o600,
  // We validate with zod on load; conf must neither repair nor wipe a bad file behind our back.
  clearInvalidConfig: false,
  accessPropertiesByDotNotation: false,
  watch: false
} as const

/** What a backend uses of conf and electron-store: the whole document as one property. */
interface WholeDocumentStore {
  store: Record<string, unknown>
}

/**
 * A backend over conf or electron-store, opened on first use: their constructors read the file and throw
 * on invalid JSON, which the stores turn into a backup + defaults; after that, construction succeeds.
 */
export function wholeDocumentBackend(opts: { cwd: string; name: string }, open: () => WholeDocumentStore): KeyValueBackend {
  if (!isAbsolute(opts.cwd)) throw new Error(`The store folder must be an absolute path (got "${opts.cwd}").`)
  const path = resolve(opts.cwd, `${opts.name}.${STORE_FILE_OPTIONS.fileExtension}`)
  let store: WholeDocumentStore | null = null
  const opened = () => (store ??= open())
  return {
    path,
    exists: () => existsSync(path),
    read: () => opened().store,
    write(doc) {
      opened().store = doc
    }
  }
}
