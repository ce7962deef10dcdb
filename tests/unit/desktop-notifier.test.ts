// The notifier holds a bounded number of shown notifications (so their click handlers survive garbage
// collection) and never waits for a 'close' event Electron does not promise. A tiny fake of Electron's
// Notification constructor stands in for the OS; electron itself is never loaded here.
import { describe, expect, it } from 'vitest'
import { createNotifier, MAX_HELD_NOTIFICATIONS, type NotificationHandle } from '../../src/main/desktop/heldNotifications'

/** Records every notification made, with its listeners, like the OS would show them. */
function fakePort(supported = true) {
  const made: FakeNotification[] = []
  class FakeNotification implements NotificationHandle {
    readonly listeners = new Map<string, (() => void)[]>()
    shown = false
    constructor(readonly options: { title: string; body: string }) {
      made.push(this)
    }
    static isSupported = () => supported
    on(event: 'click' | 'close', listener: () => void) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
      return this
    }
    show() {
      this.shown = true
    }
    emit(event: 'click' | 'close') {
      for (const l of this.listeners.get(event) ?? []) l()
    }
  }
  return { port: FakeNotification, made }
}

describe('desktop notifier', () => {
  it('shows the title and body, and a click runs the action once and lets the notification go', () => {
    const { port, made } = fakePort()
    const notifier = createNotifier(port)
    let clicks = 0
    expect(notifier.show({ title: 'Offer filled', body: '1,000.00 USD lent.' }, () => clicks++)).toBe(true)
    expect(made).toHaveLength(1)
    expect(made[0].options).toEqual({ title: 'Offer filled', body: '1,000.00 USD lent.' })
    expect(made[0].shown).toBe(true)
    expect(notifier.held).toBe(1)
    made[0].emit('click')
    expect(clicks).toBe(1)
    expect(notifier.held).toBe(0)
  })

  it('holds at most the newest N even when no close event ever comes', () => {
    const { port, made } = fakePort()
    const notifier = createNotifier(port, 3)
    for (let i = 0; i < 50; i++) notifier.show({ title: `n${i}`, body: '' }, () => {})
    expect(made).toHaveLength(50)
    expect(notifier.held).toBe(3)
    // The app-wide default is small too.
    const defaults = createNotifier(fakePort().port)
    for (let i = 0; i < 50; i++) defaults.show({ title: `n${i}`, body: '' }, () => {})
    expect(defaults.held).toBe(MAX_HELD_NOTIFICATIONS)
  })

  it('a close event lets a notification go early; an old one clicked after it was let go still runs its action', () => {
    const { port, made } = fakePort()
    const notifier = createNotifier(port, 2)
    const clicked: number[] = []
    for (let i = 0; i < 3; i++) notifier.show({ title: `n${i}`, body: '' }, () => clicked.push(i))
    expect(notifier.held).toBe(2)
    made[2].emit('close')
    expect(notifier.held).toBe(1)
    // n0 is no longer held; if the OS still delivers its click, the action runs and nothing breaks.
    made[0].emit('click')
    expect(clicked).toEqual([0])
    expect(notifier.held).toBe(1)
  })

  it('shows nothing where the system has no notifications', () => {
    const { port, made } = fakePort(false)
    const notifier = createNotifier(port)
    expect(notifier.show({ title: 'x', body: 'y' }, () => {})).toBe(false)
    expect(made).toHaveLength(0)
    expect(notifier.held).toBe(0)
  })
})
