// Packaging: the electron-builder config is valid against electron-builder's own schema and sets the
// security fuses; the built preload needs nothing a sandbox cannot give it. (The committed icons are
// checked in desktop-icons.test.ts.)
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '../..')
const require = createRequire(__filename)

describe('build/electron-builder.yml', () => {
  const yaml = require('js-yaml') as { load(text: string): unknown }
  type Targets = { target: string[] }
  const config = yaml.load(readFileSync(resolve(root, 'build/electron-builder.yml'), 'utf8')) as {
    appId: string
    productName: string
    asar: boolean
    files: string[]
    linux: Targets
    mac: Targets
    win: Targets
    electronFuses: Record<string, boolean>
  }

  it('passes electron-builder\'s configuration schema', () => {
    const Ajv = require('ajv') as new (opts: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } }
    const validate = new Ajv({ allErrors: true, strict: false }).compile(require('app-builder-lib/scheme.json'))
    const ok = validate(config)
    expect(validate.errors ?? null, JSON.stringify(validate.errors)).toBeNull()
    expect(ok).toBe(true)
  })

  it('names the app and builds AppImage, deb, dmg and nsis', () => {
    expect(config.appId).toBe('app.lendpace.desktop')
    expect(config.productName).toBe('LendPace')
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.mac.target).toEqual(['dmg'])
    expect(config.win.target).toEqual(['nsis'])
    expect(config.asar).toBe(true)
  })

  it('ships the bundled app only, no node_modules', () => {
    expect(config.files).toContain('out/**/*')
    expect(config.files).toContain('!**/node_modules/**')
  })

  it('sets the security fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false
    })
  })
})

const builtPreload = resolve(root, 'out/preload/index.js')
describe.skipIf(!existsSync(builtPreload))('built preload (skipped: run `npx electron-vite build` first)', () => {
  it('requires nothing but electron, so it loads in a sandboxed renderer', () => {
    const code = readFileSync(builtPreload, 'utf8')
    const required = new Set([...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]))
    expect([...required]).toEqual(['electron'])
    expect(code).toContain('exposeInMainWorld')
  })
})

const builtMain = resolve(root, 'out/main/index.js')
describe.skipIf(!existsSync(builtMain))('built main bundle (skipped: run `npx electron-vite build` first)', () => {
  it('requires only electron and Node built-ins, so the package needs no node_modules', () => {
    const code = readFileSync(builtMain, 'utf8')
    const { builtinModules } = require('node:module') as { builtinModules: string[] }
    const required = new Set([...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]))
    // ajv's code generator writes these two into generated source for its standalone mode; never executed here.
    const codegenOnly = new Set(['ajv/dist/runtime/validation_error', 'ajv-formats/dist/formats'])
    const packages = [...required].filter((r) => r !== 'electron' && !codegenOnly.has(r) && !builtinModules.includes(r.replace(/^node:/, '')))
    expect(packages).toEqual([])
  })

  it('holds no test library (bfx-api-node-rest declares dirty-chai and chai as dependencies)', () => {
    const report = JSON.parse(readFileSync(resolve(root, 'out/main/bundle-report.json'), 'utf8')) as { packages: Record<string, number> }
    expect(Object.keys(report.packages)).toContain('bfx-api-node-rest')
    for (const testLib of ['chai', 'dirty-chai', 'mocha', 'sinon', 'loupe', 'deep-eql']) expect(Object.keys(report.packages)).not.toContain(testLib)
  })
})

describe('build/releaseConfig.ts (signing, notarization and the update feed from the environment)', () => {
  it('a self-build with no variables: unsigned, not notarized, no update feed', async () => {
    const { releaseConfig } = await import('../../build/releaseConfig')
    expect(releaseConfig({})).toEqual({ publish: null, mac: { identity: null, notarize: false }, win: {} })
  })

  it('a release build: GitHub feed, signed and notarized mac, named Windows publisher', async () => {
    const { releaseConfig } = await import('../../build/releaseConfig')
    const env = {
      LENDPACE_UPDATE_GITHUB: 'lendpace-org/lendpace-desktop',
      CSC_LINK: 'file:///certs/devid.p12',
      APPLE_ID: 'a@b.c',
      APPLE_APP_SPECIFIC_PASSWORD: 'x',
      APPLE_TEAM_ID: 'T',
      LENDPACE_WIN_PUBLISHER: 'LendPace Contributors'
    }
    expect(releaseConfig(env)).toEqual({
      publish: [{ provider: 'github', owner: 'lendpace-org', repo: 'lendpace-desktop', releaseType: 'release' }],
      mac: { notarize: true },
      win: { signtoolOptions: { publisherName: ['LendPace Contributors'] } }
    })
    // Notarization needs a signed app: Apple credentials alone change nothing.
    expect((releaseConfig({ APPLE_ID: 'a', APPLE_APP_SPECIFIC_PASSWORD: 'b', APPLE_TEAM_ID: 'c' }).mac as { notarize: boolean }).notarize).toBe(false)
  })

  it('the yml extends it, and the merged config passes electron-builder\'s schema', async () => {
    const { releaseConfig } = await import('../../build/releaseConfig')
    const yaml = require('js-yaml') as { load(text: string): Record<string, unknown> }
    const own = yaml.load(readFileSync(resolve(root, 'build/electron-builder.yml'), 'utf8'))
    expect(own.extends).toBe('build/releaseConfig.ts')
    expect(own.publish).toBeUndefined()
    const Ajv = require('ajv') as new (opts: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } }
    const validate = new Ajv({ allErrors: true, strict: false }).compile(require('app-builder-lib/scheme.json'))
    const release = releaseConfig({ LENDPACE_UPDATE_GITHUB: 'o/r', LENDPACE_WIN_PUBLISHER: 'P' })
    expect(validate(release), JSON.stringify(validate.errors)).toBe(true)
  })
})
