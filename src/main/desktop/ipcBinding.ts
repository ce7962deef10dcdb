// The one place the contract meets ipcMain. Every contract channel gets exactly one handler; each call
// is refused unless the sender is our own page, then goes through dispatch (schema in, schema out,
// errors as sentences). Events go out only after passing their schema, and only to our window.
import {
  CHANNEL_NAMES,
  ipcChannelName,
  type ContractHandlers,
  type Envelope,
  type EventName,
  type EventOf
} from '../../shared/contract'
import { dispatch, validateEvent } from '../core/rpc'
import type { CoreEventListener } from '../core/appCore'

/** The part of Electron's ipcMain we use; a test passes a small fake. */
export interface IpcMainLike<Ev> {
  handle(channel: string, listener: (event: Ev, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
}

export const UNTRUSTED_SENDER_ERROR = {
  kind: 'forbidden',
  message: 'This request did not come from the LendPace window and was refused.'
} as const

/** Register the contract's handlers; returns a function that removes them again. */
export function bindContract<Ev>(
  ipcMain: IpcMainLike<Ev>,
  handlers: ContractHandlers,
  isTrustedSender: (event: Ev) => boolean
): () => void {
  const registered: string[] = []
  for (const channel of CHANNEL_NAMES) {
    const name = ipcChannelName(channel)
    ipcMain.handle(name, async (event, payload): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event)) return { ok: false, error: { ...UNTRUSTED_SENDER_ERROR } }
      return dispatch(handlers, channel, payload)
    })
    registered.push(name)
  }
  return () => {
    for (const name of registered) ipcMain.removeHandler(name)
  }
}

/** Where events go: our window's webContents.send, or nothing while the window does not exist. */
export type EventSink = (channel: string, payload: unknown) => void

/**
 * Forward the core's events to one sink. Payloads failing their schema are dropped and reported,
 * never sent: the renderer only ever sees contract-shaped data.
 */
export function forwardEvents(
  subscribe: (listener: CoreEventListener) => () => void,
  sink: () => EventSink | null,
  onInvalid: (event: EventName, issue: string) => void = () => {}
): () => void {
  const listener: CoreEventListener = <E extends EventName>(event: E, payload: EventOf<E>) => {
    const checked = validateEvent(event, payload)
    if (!checked.ok) return onInvalid(event, checked.issue)
    sink()?.(ipcChannelName(event), checked.payload)
  }
  return subscribe(listener)
}
