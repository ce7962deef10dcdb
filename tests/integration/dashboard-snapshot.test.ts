// The renderer's store against the real core, through the desktop path (IPC binding and preload API joined by
// a small stand-in for Electron's ipcMain): after boot, a lending cycle updates the dashboard's market and
// account from the cycle's own event, without the window asking for the market or the account again.
import { afterEach, describe, expect, it } from 'vitest'
import type { CycleSnapshot } from '../../src/shared/contract'
import { bindContract, forwardEvents, type IpcMainLike } from '../../src/main/desktop/ipcBinding'
import { createLendpaceApi } from '../../src/preload/api'
import { endpointOf } from '../../src/main/exchange/bitfinex/endpoints'
import { useAppStore } from '../../src/renderer/store/appStore'
import { API_KEY, startHarness, type Harness } from '../support/coreHarness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>

/** Expose the core to the store as the preload does in the app; returns the channels the window called. */
function connectWindow(): string[] {
  const handlers = new Map<string, Handler>()
  const ipcMain: IpcMainLike<unknown> = { handle: (channel, listener) => void handlers.set(channel, listener), removeHandler: (channel) => void handlers.delete(channel) }
  bindContract(ipcMain, h.core.handlers, () => true)
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  forwardEvents(
    (l) => h.core.subscribe(l),
    () => (channel, payload) => listeners.get(channel)?.forEach((l) => l(payload))
  )
  const called: string[] = []
  ;(globalThis as { lendpace?: unknown }).lendpace = createLendpaceApi({
    invoke(channel, payload) {
      called.push(channel.replace(/^lendpace:/, ''))
      return handlers.get(channel)!({}, payload)
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener)
      listeners.set(channel, set)
      return () => set.delete(listener)
    }
  })
  return called
}

const hits = (key: string): number => h.exchange.requests().filter((r) => endpointOf(r.path.replace(/^\/v2/, '')).key === key).length

describe('the dashboard store', () => {
  it('shows the market and account of each cycle from its event, with no extra market or account fetch', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    await h.call('startLending')
    const called = connectWindow()
    await h.pump(useAppStore.getState().boot())
    // The initial fetch at boot reads the market once and the account once.
    expect(called.filter((c) => c === 'getMarket')).toHaveLength(1)
    expect(called.filter((c) => c === 'getAccount')).toHaveLength(1)
    const bootMarketAt = useAppStore.getState().markets.USD!.takenAt

    // A borrower takes an offer, then the loop runs a cycle.
    const taken = h.exchange.state(API_KEY).offers[0]
    h.exchange.fill(API_KEY, taken.id, taken.amount)
    called.length = 0
    h.exchange.clearRequests()
    const cycled = h.nextCycle()
    h.core.runCycleNow('test')
    await h.pump(cycled)
    await h.pump(new Promise((r) => setTimeout(r, 50)))

    const snapshot = h.events.filter((e) => e.name === 'cycleSnapshot').at(-1)!.payload as CycleSnapshot
    const state = useAppStore.getState()
    // The market the loop planned on, and the account it left (the taken offer is now a loan).
    expect(state.markets.USD).toEqual(snapshot.currencies[0].market)
    expect(state.markets.USD!.takenAt).toBeGreaterThan(bootMarketAt)
    expect(state.account).toEqual([snapshot.currencies[0].account])
    expect(state.account[0].loans.map((l) => l.amount)).toContain(taken.amount)
    expect(state.account[0].offers.map((o) => o.id).sort()).toEqual(h.exchange.state(API_KEY).offers.map((o) => o.id).sort())

    // Nothing asked for the market or the account: the exchange saw only the cycle's own reads.
    expect(called).not.toContain('getMarket')
    expect(called).not.toContain('getAccount')
    expect(hits('ticker')).toBe(1)
    expect(hits('book')).toBe(1)
    expect(hits('/auth/r/funding/offers')).toBe(1)
    // Earnings and the glance follow each cycle (they come from the ledger), using the cycle's account.
    expect(called).toEqual(expect.arrayContaining(['getEarnings', 'getEarningsGlance']))
    expect(state.glance?.accountAt).toBe(snapshot.takenAt)
  })
})
