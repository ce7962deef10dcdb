// The IPC binding (main side) and the preload API (renderer side), joined through a tiny fake ipcMain,
// so a call travels the same path it does in the app: api function → invoke → sender check → dispatch.
import { describe, expect, it } from 'vitest'
import {
  CHANNEL_NAMES,
  EVENT_NAMES,
  ipcChannelName,
  type ContractHandlers,
  type ServiceStatus
} from '../../src/shared/contract'
import { applySettingsPatch, DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings'
import type { CoreEventListener } from '../../src/main/core/appCore'
import { UserFacingError } from '../../src/main/core/userError'
import { bindContract, forwardEvents, UNTRUSTED_SENDER_ERROR, type IpcMainLike } from '../../src/main/desktop/ipcBinding'
import { createLendpaceApi, unwrapEnvelope, type PreloadTransport } from '../../src/preload/api'

type FakeEvent = { frameUrl: string }

class FakeIpcMain implements IpcMainLike<FakeEvent> {
  readonly handlers = new Map<string, (event: FakeEvent, ...args: unknown[]) => Promise<unknown>>()
  handle(channel: string, listener: (event: FakeEvent, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`) // as Electron does
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  invoke(event: FakeEvent, channel: string, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel)
    if (!h) return Promise.reject(new Error(`No handler registered for '${channel}'`))
    return h(event, ...args)
  }
}

const status = (over: Partial<ServiceStatus> = {}): ServiceStatus => ({
  state: 'stopped',
  mode: 'paper',
  message: 'Stopped.',
  dryRun: false,
  lastCycleAt: null,
  nextCycleAt: null,
  needsAttention: false,
  ...over
})

/** A small in-memory stand-in for the core's handlers: real settings logic, fixed answers elsewhere. */
function fakeHandlers(calls: string[]): ContractHandlers {
  let settings: Settings = DEFAULT_SETTINGS
  let current = status()
  const notHere = async (): Promise<never> => {
    throw new UserFacingError('unknown', 'Not available in this test.')
  }
  return {
    getStatus: async () => (calls.push('getStatus'), current),
    startLending: async () => (calls.push('startLending'), (current = status({ state: 'running' }))),
    stopLending: async () => (calls.push('stopLending'), (current = status())),
    setMode: async ({ mode }) => (calls.push('setMode'), (current = status({ mode }))),
    getSettings: async () => settings,
    updateSettings: async (patch) => (calls.push('updateSettings'), (settings = applySettingsPatch(settings, patch))),
    getVaultStatus: notHere,
    addKey: notHere,
    deleteKey: notHere,
    unlockVault: notHere,
    getAccount: async () => [],
    getMarket: notHere,
    // Deliberately breaks its response schema (limit is ignored, a field is missing).
    listDecisions: async () => [{ id: 'x' }] as never,
    getEarnings: notHere,
    queryActivity: notHere,
    exportEarningsCsv: notHere,
    runBacktest: notHere,
    listBacktestFolders: notHere,
    chooseBacktestFolder: notHere,
    checkBacktestFolder: notHere,
    getDiagnostics: async () => ({ text: 'diag' }),
    ping: async () => ({ ok: true as const }),
    getUpdateState: notHere,
    restartToUpdate: notHere,
    getLastKnownAccount: notHere,
    cancelAllOffers: notHere,
    getEarningsGlance: notHere
  }
}

const OWN = { frameUrl: 'app://own' }
const FOREIGN = { frameUrl: 'https://evil.example/' }
const trusted = (e: FakeEvent) => e.frameUrl === OWN.frameUrl

describe('bindContract', () => {
  it('registers exactly one handler per contract channel, named by ipcChannelName', () => {
    const ipc = new FakeIpcMain()
    bindContract(ipc, fakeHandlers([]), trusted)
    expect([...ipc.handlers.keys()].sort()).toEqual(CHANNEL_NAMES.map(ipcChannelName).sort())
  })

  it('refuses an untrusted sender without running the handler', async () => {
    const ipc = new FakeIpcMain()
    const calls: string[] = []
    bindContract(ipc, fakeHandlers(calls), trusted)
    const reply = await ipc.invoke(FOREIGN, ipcChannelName('startLending'))
    expect(reply).toEqual({ ok: false, error: UNTRUSTED_SENDER_ERROR })
    expect(calls).toEqual([])
  })

  it('validates requests and responses through dispatch', async () => {
    const ipc = new FakeIpcMain()
    const calls: string[] = []
    bindContract(ipc, fakeHandlers(calls), trusted)
    expect(await ipc.invoke(OWN, ipcChannelName('startLending'))).toMatchObject({ ok: true, value: { state: 'running' } })
    const bad = (await ipc.invoke(OWN, ipcChannelName('setMode'), { mode: 'casino' })) as { ok: boolean; error: { kind: string } }
    expect(bad.ok).toBe(false)
    expect(bad.error.kind).toBe('invalidRequest')
    expect(calls).toEqual(['startLending'])
    const broken = (await ipc.invoke(OWN, ipcChannelName('listDecisions'), { limit: 5 })) as { ok: boolean }
    expect(broken.ok).toBe(false)
  })

  it('has no handler for names outside the contract, and unbinding removes every handler', async () => {
    const ipc = new FakeIpcMain()
    const unbind = bindContract(ipc, fakeHandlers([]), trusted)
    await expect(ipc.invoke(OWN, 'lendpace:readSecret')).rejects.toThrow(/No handler/)
    unbind()
    expect(ipc.handlers.size).toBe(0)
  })
})

describe('preload api over the binding', () => {
  function connect(sender: FakeEvent) {
    const ipc = new FakeIpcMain()
    const calls: string[] = []
    bindContract(ipc, fakeHandlers(calls), trusted)
    const listeners = new Map<string, Set<(p: unknown) => void>>()
    const transport: PreloadTransport = {
      invoke: (channel, payload) => ipc.invoke(sender, channel, payload),
      subscribe(channel, listener) {
        const set = listeners.get(channel) ?? new Set()
        set.add(listener)
        listeners.set(channel, set)
        return () => set.delete(listener)
      }
    }
    const emit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload))
    return { api: createLendpaceApi(transport), calls, emit, listeners }
  }

  it('exposes exactly the contract channels plus on', () => {
    const { api } = connect(OWN)
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES, 'on'].sort())
  })

  it('returns the unwrapped value on success and throws main\'s sentence on failure', async () => {
    const { api } = connect(OWN)
    expect(await api.startLending()).toMatchObject({ state: 'running' })
    expect((await api.updateSettings({ loopIntervalSec: 120 })).loopIntervalSec).toBe(120)
    await expect(api.updateSettings({ loopIntervalSec: 5 })).rejects.toThrow('loopIntervalSec: Cycles closer than 30 s would exceed Bitfinex rate limits.')
    await expect(api.getMarket({ currency: 'USD' })).rejects.toThrow('Not available in this test.')
  })

  it('a foreign frame gets the refusal sentence and changes nothing', async () => {
    const { api, calls } = connect(FOREIGN)
    await expect(api.startLending()).rejects.toThrow(UNTRUSTED_SENDER_ERROR.message)
    expect(calls).toEqual([])
  })

  it('on() passes only the payload and returns a working unsubscribe', () => {
    const { api, emit } = connect(OWN)
    const seen: unknown[][] = []
    const off = api.on('status', (...args: unknown[]) => seen.push(args))
    emit(ipcChannelName('status'), status({ state: 'running' }))
    off()
    emit(ipcChannelName('status'), status())
    expect(seen).toEqual([[status({ state: 'running' })]])
  })

  it('on() refuses events outside the contract', () => {
    const { api } = connect(OWN)
    expect(() => (api.on as (e: string, l: () => void) => void)('ipc-raw', () => {})).toThrow(/Unknown event/)
    expect(EVENT_NAMES).toContain('status')
  })
})

describe('unwrapEnvelope', () => {
  it('rejects replies that are not envelopes', () => {
    expect(() => unwrapEnvelope(undefined)).toThrow(/does not understand/)
    expect(() => unwrapEnvelope({ ok: false })).toThrow(/does not understand/)
    expect(unwrapEnvelope({ ok: true, value: 3 })).toBe(3)
  })
})

describe('forwardEvents', () => {
  function core() {
    const listeners = new Set<CoreEventListener>()
    return {
      subscribe: (l: CoreEventListener) => (listeners.add(l), () => listeners.delete(l)),
      emit: (event: string, payload: unknown) => listeners.forEach((l) => (l as (e: string, p: unknown) => void)(event, payload))
    }
  }

  it('sends valid events to the sink under their channel name and drops invalid ones', () => {
    const c = core()
    const sent: [string, unknown][] = []
    const invalid: string[] = []
    forwardEvents(c.subscribe, () => (channel, payload) => sent.push([channel, payload]), (e) => invalid.push(e))
    c.emit('status', status({ state: 'running' }))
    c.emit('status', { state: 'exploded' })
    c.emit('error', { message: 'Key revoked.', kind: 'auth', currency: null })
    expect(sent).toEqual([
      [ipcChannelName('status'), status({ state: 'running' })],
      [ipcChannelName('error'), { message: 'Key revoked.', kind: 'auth', currency: null }]
    ])
    expect(invalid).toEqual(['status'])
  })

  it('sends nothing while there is no window, and stops after unsubscribe', () => {
    const c = core()
    let sink: ((ch: string, p: unknown) => void) | null = null
    const sent: string[] = []
    const off = forwardEvents(c.subscribe, () => sink)
    c.emit('status', status())
    sink = (ch) => sent.push(ch)
    c.emit('status', status())
    off()
    c.emit('status', status())
    expect(sent).toEqual([ipcChannelName('status')])
  })
})
