// The tray's "Copy diagnostics": the desktop's own facts and the core's report, on the clipboard, for a
// support request. The core's part may fail; the desktop's part is copied anyway.
import { app, clipboard, safeStorage } from 'electron'
import { release } from 'node:os'
import type { ContractHandlers } from '../../shared/contract'
import { composeDiagnostics } from './diagnostics'
import { showNotification } from './notifier'

export async function copyDiagnostics(opts: {
  handlers: Pick<ContractHandlers, 'getDiagnostics'>
  launchedAtLogin: boolean
  online: boolean
  trayAvailable: boolean
}): Promise<void> {
  let core: { text: string } | { error: string }
  try {
    core = await opts.handlers.getDiagnostics(undefined)
  } catch (err) {
    core = { error: err instanceof Error ? err.message : String(err) }
  }
  const text = composeDiagnostics(
    {
      appVersion: app.getVersion(),
      versions: process.versions,
      platform: process.platform,
      arch: process.arch,
      osRelease: release(),
      packaged: app.isPackaged,
      launchedAtLogin: opts.launchedAtLogin,
      online: opts.online,
      trayAvailable: opts.trayAvailable,
      safeStorageBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null
    },
    core
  )
  clipboard.writeText(text)
  showNotification({ title: 'Diagnostics copied', body: 'Paste them into your support request.' }, () => {})
}
