// The user's settings on disk. Loaded once and validated; a hand-edited or damaged file is backed up
// and replaced by defaults with a notice, so the app always starts with settings that pass the schema.
import { z } from 'zod'
import { applySettingsPatch, DEFAULT_SETTINGS, settingsSchema, type Settings, type SettingsPatch } from '../../../shared/settings'
import { systemClock, type Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import type { KeyValueBackend } from './backend'
import { loadDocument } from './document'

const settingsDocumentSchema = z.object({ version: z.literal(1), settings: settingsSchema })

export interface SettingsStore {
  get(): Settings
  /** Validate, save and return the new settings; throws a ZodError naming the refused field. */
  update(patch: SettingsPatch): Settings
  /** Set when the file on disk was unusable and defaults were restored (for the UI to show once). */
  readonly notice: string | null
  readonly backupPath: string | null
  dismissNotice(): void
}

export function createSettingsStore(opts: { backend: KeyValueBackend; logger: Logger; clock?: Clock }): SettingsStore {
  const loaded = loadDocument({
    backend: opts.backend,
    schema: settingsDocumentSchema,
    defaults: () => ({ version: 1 as const, settings: structuredClone(DEFAULT_SETTINGS) }),
    logger: opts.logger,
    clock: opts.clock ?? systemClock,
    label: 'settings'
  })
  let current = loaded.value.settings
  let notice = loaded.notice
  return {
    get: () => current,
    update(patch) {
      const next = applySettingsPatch(current, patch)
      opts.backend.write({ version: 1, settings: next })
      current = next
      return current
    },
    get notice() {
      return notice
    },
    backupPath: loaded.backupPath,
    dismissNotice() {
      notice = null
    }
  }
}
