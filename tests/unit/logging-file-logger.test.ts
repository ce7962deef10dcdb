import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { createFileLogger } from '../../src/main/core/logging'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lendpace-log-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const allText = () =>
  readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('')

describe('rotating file logger', () => {
  it('rotates by size and keeps exactly maxFiles files, newest lines in the current file', () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 1))
    const logger = createFileLogger({ dir, maxBytes: 2000, maxFiles: 3, clock })
    for (let i = 0; i < 200; i++) logger.log('info', `cycle ${i} done`, { i })
    const files = logger.files()
    expect(files.map((f) => f.replace(dir, ''))).toEqual(['/lendpace.log', '/lendpace.log.1', '/lendpace.log.2'])
    expect(readdirSync(dir)).toHaveLength(3)
    for (const f of files) expect(statSync(f).size).toBeLessThanOrEqual(2000)
    const current = readFileSync(files[0], 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(current.at(-1)).toMatchObject({ level: 'info', msg: 'cycle 199 done', fields: { i: 199 } })
    // Older files hold older lines; the oldest are gone.
    const oldest = JSON.parse(readFileSync(files[2], 'utf8').split('\n')[0])
    expect(oldest.fields.i).toBeGreaterThan(0)
    expect(oldest.fields.i).toBeLessThan(current[0].fields.i)
    if (process.platform !== 'win32') expect(statSync(files[0]).mode & 0o777).toBe(0o600)
  })

  it('appends to an existing log after a restart and rotates on its size', () => {
    createFileLogger({ dir, maxBytes: 500, maxFiles: 2 }).log('info', 'x'.repeat(400))
    const again = createFileLogger({ dir, maxBytes: 500, maxFiles: 2 })
    again.log('info', 'second run')
    expect(again.files()).toHaveLength(2)
    expect(readFileSync(again.path, 'utf8')).toContain('second run')
  })

  it('filters by level and keeps recent lines for diagnostics', () => {
    const logger = createFileLogger({ dir, minLevel: 'info' })
    logger.log('debug', 'noise')
    logger.log('info', 'started')
    logger.log('error', 'nonce rejected')
    expect(readFileSync(logger.path, 'utf8')).not.toContain('noise')
    expect(logger.recent({ minLevel: 'warn' }).map((l) => JSON.parse(l).msg)).toEqual(['nonce rejected'])
  })

  it('no secret reaches any file: registered, in fields, in errors, across rotation', () => {
    const logger = createFileLogger({ dir, maxBytes: 1500, maxFiles: 4 })
    const apiKey = randomBytes(32).toString('base64url').replace(/[-_]/g, 'x').slice(0, 43)
    const apiSecret = randomBytes(32).toString('base64url').replace(/[-_]/g, 'y').slice(0, 43)
    logger.redactor.registerSecret(apiKey)
    logger.redactor.registerSecret(apiSecret)
    for (let i = 0; i < 30; i++) {
      logger.log('info', `signing with ${apiSecret}`, { headers: { 'bfx-apikey': apiKey }, body: `k=${apiKey}` })
      logger.log('error', 'request failed', { error: new Error(`invalid signature for ${apiSecret}`) })
    }
    const text = allText()
    expect(text.length).toBeGreaterThan(2000)
    expect(text).not.toContain(apiSecret)
    expect(text).not.toContain(apiKey)
    expect(logger.recent().join('\n')).not.toContain(apiSecret)
  })
})
