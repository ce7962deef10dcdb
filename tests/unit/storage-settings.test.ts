// The settings store over conf in a tmp folder (the same library electron-store uses in the app).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { createMemoryLogger } from '../../src/main/core/logging'
import { createConfBackend, createSettingsStore } from '../../src/main/core/storage'
import { createVault, KEY_FILE_NAME } from '../../src/main/core/vault'
import { checkKeyScopes } from '../../src/main/exchange/keyCheck'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'

let dir: string
const clock = new ManualClock(Date.UTC(2025, 4, 6, 7, 8, 9))
const logger = createMemoryLogger()
const settingsPath = () => join(dir, 'settings.json')
const open = () => createSettingsStore({ backend: createConfBackend({ cwd: dir, name: 'settings' }), logger, clock })

/** A real saved key next to the settings, to prove recovery never touches it. */
async function saveKey(): Promise<Buffer> {
  const vault = createVault({
    dir,
    osCipher: null,
    clock,
    logger,
    scryptCost: { log2N: 10, r: 8, p: 1 },
    verify: async () => checkKeyScopes([{ scope: 'funding', read: true, write: true }])
  })
  await vault.addKey({ apiKey: 'A'.repeat(20) + 'b1', apiSecret: 'C'.repeat(20) + 'd2', passphrase: 'long enough pass' })
  return readFileSync(join(dir, KEY_FILE_NAME))
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lendpace-settings-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('settings store', () => {
  it('first start: defaults, no notice, file written owner-only', () => {
    const store = open()
    expect(store.get()).toEqual(DEFAULT_SETTINGS)
    expect(store.notice).toBeNull()
    expect(JSON.parse(readFileSync(settingsPath(), 'utf8'))).toEqual({ version: 1, settings: DEFAULT_SETTINGS })
    if (process.platform !== 'win32') expect(statSync(settingsPath()).mode & 0o777).toBe(0o600)
  })

  it('updates persist across a restart', () => {
    open().update({ loopIntervalSec: 120, currencies: { USD: { reserve: 500 } } })
    const again = open()
    expect(again.get().loopIntervalSec).toBe(120)
    expect(again.get().currencies.USD.reserve).toBe(500)
    expect(again.get().currencies.USD.minDailyRate).toBe(DEFAULT_SETTINGS.currencies.USD.minDailyRate)
  })

  it('an invalid update is refused and nothing is written', () => {
    const store = open()
    const before = readFileSync(settingsPath(), 'utf8')
    expect(() => store.update({ loopIntervalSec: 5 })).toThrow(/30 s/)
    expect(store.get().loopIntervalSec).toBe(DEFAULT_SETTINGS.loopIntervalSec)
    expect(readFileSync(settingsPath(), 'utf8')).toBe(before)
  })

  it('writes are atomic: the file is replaced (new inode), not rewritten in place', () => {
    const store = open()
    const before = statSync(settingsPath()).ino
    store.update({ theme: 'dark' })
    expect(statSync(settingsPath()).ino).not.toBe(before)
    expect(readdirSync(dir).filter((f) => f.includes('tmp'))).toEqual([])
  })

  const damaged: Array<[string, string, RegExp]> = [
    ['garbage JSON', '{"version": 1, "settings": {"theme": "da', /not valid JSON/],
    [
      'wrong types',
      JSON.stringify({ version: 1, settings: { ...DEFAULT_SETTINGS, dryRun: 'yes' } }),
      /settings\.dryRun/
    ],
    [
      'hand-edited out of range',
      JSON.stringify({
        version: 1,
        settings: { ...DEFAULT_SETTINGS, loopIntervalSec: 5 }
      }),
      /loopIntervalSec: Cycles closer than 30 s/
    ],
    [
      'hand-edited currency out of range',
      JSON.stringify({
        version: 1,
        settings: { ...DEFAULT_SETTINGS, currencies: { ...DEFAULT_SETTINGS.currencies, BTC: { ...DEFAULT_SETTINGS.currencies.BTC, maxPeriod: 365 } } }
      }),
      /currencies\.BTC\.maxPeriod/
    ],
    ['not an object', '[1, 2, 3]', /settings/]
  ]

  for (const [name, content, problem] of damaged) {
    it(`${name}: backed up, defaults restored, user told, key file untouched`, async () => {
      const keyBytes = await saveKey()
      writeFileSync(settingsPath(), content)
      const store = open()
      expect(store.get()).toEqual(DEFAULT_SETTINGS)
      const backup = join(dir, 'settings.json.corrupt-2025-05-06T07-08-09-000Z')
      expect(store.backupPath).toBe(backup)
      expect(readFileSync(backup, 'utf8')).toBe(content)
      expect(store.notice).toMatch(problem)
      expect(store.notice).toMatch(/defaults were restored.*settings\.json\.corrupt-/)
      expect(JSON.parse(readFileSync(settingsPath(), 'utf8')).settings).toEqual(DEFAULT_SETTINGS)
      expect(readFileSync(join(dir, KEY_FILE_NAME)).equals(keyBytes)).toBe(true)
      // The next start is clean.
      expect(open().notice).toBeNull()
    })
  }

  it('two corruptions in the same millisecond keep both backups', () => {
    writeFileSync(settingsPath(), 'x')
    open()
    writeFileSync(settingsPath(), 'y')
    const second = open()
    expect(second.backupPath).toMatch(/-2$/)
    expect(existsSync(second.backupPath!)).toBe(true)
  })
})
