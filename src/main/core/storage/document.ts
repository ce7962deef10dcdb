// Loading a store's document: validate with zod, and when the file is unreadable or invalid, keep the
// file as <name>.corrupt-<time> (the last few only, see backups.ts), restore defaults and produce one
// sentence for the user. Never throws for a bad file (the app must start), and only ever touches its own
// file (never the key file).
import { basename } from 'node:path'
import type { z } from 'zod'
import { firstIssueSentence } from '../../../shared/zodIssue'
import type { Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import type { KeyValueBackend } from './backend'
import { backUpDamagedFile } from './backups'

interface LoadedDocument<T> {
  value: T
  /** Set when the file was replaced by defaults: what happened and where the old file is. */
  notice: string | null
  backupPath: string | null
}

export function loadDocument<S extends z.ZodType>(opts: {
  backend: KeyValueBackend
  schema: S
  defaults: () => z.output<S>
  logger: Logger
  clock: Clock
  /** How the user knows the file: "settings", "history". */
  label: string
}): LoadedDocument<z.output<S>> {
  const { backend, schema, logger, clock, label } = opts

  const writeDefaults = (): z.output<S> => {
    const value = opts.defaults()
    try {
      backend.write(value as Record<string, unknown>)
    } catch (err) {
      logger.log('error', `Could not write the ${label} file`, { path: backend.path, error: err })
    }
    return value
  }

  if (!backend.exists()) return { value: writeDefaults(), notice: null, backupPath: null }

  let problem: string
  try {
    const parsed = schema.safeParse(backend.read())
    if (parsed.success) return { value: parsed.data, notice: null, backupPath: null }
    problem = firstIssueSentence(parsed.error, { fallback: 'invalid content' })
  } catch {
    problem = 'it is not valid JSON'
  }

  const backupPath = backUpDamagedFile({ path: backend.path, clock, logger, label })
  const value = writeDefaults()
  const kept = backupPath ? ` The old file was kept as ${basename(backupPath)}.` : ''
  const notice = `Your ${label} file could not be used (${problem}), so the defaults were restored.${kept}`
  logger.log('warn', `Damaged ${label} file replaced by defaults`, { path: backend.path, backupPath, problem })
  return { value, notice, backupPath }
}
