// The renderer's HTTP bridge against the real browser host and core (no exchange needed for these
// calls): typed values come back validated, refusals arrive as the core's sentence, bad requests are
// refused before they leave, and a wrong token gets a sentence rather than a protocol dump.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppCore } from '../../src/main/core/createAppCore'
import { createMemoryLogger } from '../../src/main/core/logging'
import type { AppCore } from '../../src/main/core/appCore'
import { startBrowserHost, type BrowserHost } from '../../src/main/browserHost/server'
import { BridgeError } from '../../src/renderer/bridge/bridgeError'
import { createHttpApi } from '../../src/renderer/bridge/httpApi'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'
import { IPC_PREFIX } from '../../src/shared/contract'
import { dispatch } from '../../src/main/core/rpc'
import { createLendpaceApi } from '../../src/preload/api'
import { getApi } from '../../src/renderer/bridge'

describe('renderer HTTP bridge over the browser host', () => {
  let dir: string
  let core: AppCore
  let host: BrowserHost
  let requests = 0
  // Count what actually goes over the wire, to prove invalid requests never leave.
  const countingFetch: typeof fetch = (input, init) => {
    requests++
    return fetch(input, init)
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lendpace-bridge-'))
    const logger = createMemoryLogger()
    // An unroutable exchange URL: these calls must not need Bitfinex.
    core = await createAppCore({ dataDir: dir, osCipher: null, logger, bitfinexUrls: { auth: 'http://127.0.0.1:9', public: 'http://127.0.0.1:9' } })
    host = await startBrowserHost({ core, rendererDir: dir, port: 0, logger })
  })

  afterAll(async () => {
    await host?.close()
    await core?.shutdown()
    rmSync(dir, { recursive: true, force: true })
  })

  const api = () => createHttpApi({ baseUrl: `http://127.0.0.1:${host.port}`, token: host.token, fetchImpl: countingFetch })

  it('returns validated values', async () => {
    const settings = await api().getSettings()
    expect(settings).toEqual(DEFAULT_SETTINGS)
    const vault = await api().getVaultStatus()
    expect(vault.stored).toBe(false)
    expect(vault.osStorageWeak).toBe(true)
    expect(vault.weakStorageOptIn).toBe(false)
  })

  it('saves settings and reads them back', async () => {
    const saved = await api().updateSettings({ loopIntervalSec: 120 })
    expect(saved.loopIntervalSec).toBe(120)
    expect((await api().getSettings()).loopIntervalSec).toBe(120)
  })

  it('refuses an invalid request before sending it, with the schema sentence', async () => {
    const before = requests
    const error = await api()
      .runBacktest({ dataDir: '', currency: 'USD', capital: 100 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BridgeError)
    expect((error as BridgeError).message).toBe('Choose a data folder.')
    expect(requests).toBe(before)
  })

  it("turns the core's refusal into an error carrying its sentence", async () => {
    const error = await api()
      .addKey({ apiKey: 'A'.repeat(24), apiSecret: 'B'.repeat(32), acceptWeakStorage: true })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BridgeError)
    expect((error as BridgeError).kind).toBe('weakStorage')
    expect((error as BridgeError).message).toMatch(/passphrase/)
    expect((error as BridgeError).message).not.toMatch(/\n\s+at /)
  })

  it('says the page is not authorised when the token is wrong', async () => {
    const stranger = createHttpApi({ baseUrl: `http://127.0.0.1:${host.port}`, token: 'nope' })
    await expect(stranger.getStatus()).rejects.toThrow('This page is not authorised.')
  })

  it('says the service cannot be reached when nothing listens', async () => {
    const gone = createHttpApi({ baseUrl: 'http://127.0.0.1:9', token: host.token })
    const error = await gone.ping().catch((e: unknown) => e)
    expect((error as BridgeError).message).toMatch('cannot be reached')
    // Its own kind: the store reconnects on it (and hides the action's error) only for this.
    expect((error as BridgeError).kind).toBe('serviceUnreachable')
  })

  it("keeps Bitfinex being unreachable apart from the service being unreachable", async () => {
    // The host answers; the core cannot reach Bitfinex (nothing listens at its URL): the user must see that sentence.
    const error = await api()
      .getMarket({ currency: 'USD' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BridgeError)
    expect((error as BridgeError).kind).toBe('network')
    expect((error as BridgeError).message).toMatch(/Bitfinex/)
  }, 60_000)

  it('uses window.lendpace when the Electron preload provides it, still validating replies', async () => {
    let corrupt = false
    // The real preload API over the real dispatcher, as ipcMain would wire it.
    const preload = createLendpaceApi({
      invoke: async (name, payload) => {
        const envelope = await dispatch(core.handlers, name.slice(IPC_PREFIX.length), payload)
        return corrupt && envelope.ok ? { ok: true, value: { unexpected: true } } : envelope
      },
      subscribe: () => () => undefined
    })
    ;(globalThis as { lendpace?: unknown }).lendpace = preload
    try {
      const bridge = getApi()
      expect((await bridge.getSettings()).loopIntervalSec).toBe(120)
      corrupt = true
      await expect(bridge.getStatus()).rejects.toThrow('sent a reply this page does not understand')
    } finally {
      delete (globalThis as { lendpace?: unknown }).lendpace
    }
  })
})
