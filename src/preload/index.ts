// The preload: exposes window.lendpace (the contract, nothing else) to our sandboxed page. The page
// never sees ipcRenderer or Electron's event objects; listeners get only the payload.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { createLendpaceApi } from './api'

const api = createLendpaceApi({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  subscribe(channel, listener) {
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => {
      ipcRenderer.removeListener(channel, wrapped)
    }
  }
})

contextBridge.exposeInMainWorld('lendpace', api)
