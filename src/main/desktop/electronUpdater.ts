// electron-updater behind the UpdaterPort: downloads by itself once an update is found, never a
// pre-release or a downgrade; the feed file is read for updatePolicy.
import { readFileSync } from 'node:fs'
import { autoUpdater } from 'electron-updater'
import { parseUpdateFeed, type UpdaterPort } from './updateController'

/** resources/app-update.yml, written by electron-builder when the build has a publish feed; null if none. */
export function readUpdateFeed(path: string): { publisherName: string[] } | null {
  try {
    return parseUpdateFeed(readFileSync(path, 'utf8'))
  } catch {
    return null
  }
}

export function electronUpdaterPort(): UpdaterPort {
  autoUpdater.autoDownload = true
  autoUpdater.allowPrerelease = false
  autoUpdater.allowDowngrade = false
  // Our controller logs what matters, through the redacting logger.
  autoUpdater.logger = null
  return {
    checkForUpdates: () => autoUpdater.checkForUpdates(),
    quitAndInstall: () => autoUpdater.quitAndInstall(false, true),
    onEvent(listener) {
      autoUpdater.on('checking-for-update', () => listener({ kind: 'checking' }))
      autoUpdater.on('update-available', (info) => listener({ kind: 'available', version: info.version }))
      autoUpdater.on('update-not-available', () => listener({ kind: 'notAvailable' }))
      autoUpdater.on('download-progress', (p) => listener({ kind: 'progress', percent: p.percent }))
      autoUpdater.on('update-downloaded', (info) => listener({ kind: 'downloaded', version: info.version }))
      autoUpdater.on('error', (error) => listener({ kind: 'error', error }))
    }
  }
}
