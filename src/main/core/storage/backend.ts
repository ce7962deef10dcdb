// The storage port: one JSON document per file. Under plain Node it is conf; in the Electron shell it is
// electron-store (the same library underneath, so the same file format, atomic writes and options).
// The stores above it validate with zod and own corruption handling; a backend only reads and writes.

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
