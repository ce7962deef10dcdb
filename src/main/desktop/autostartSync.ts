// Start on login follows the setting: the OS login item (macOS, Windows) or an XDG autostart entry
// (Linux), as autostartPlan decides. A failure is logged: the setting itself is saved either way.
import { app } from 'electron'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import type { Logger } from '../platform/logger'
import { applyAutostart, autostartPlan } from './autostart'

export async function syncAutostart(enabled: boolean, logger: Logger): Promise<void> {
  const plan = autostartPlan({
    enabled,
    platform: process.platform,
    isPackaged: app.isPackaged,
    execPath: process.execPath,
    appPath: app.getAppPath(),
    env: process.env,
    homeDir: app.getPath('home')
  })
  try {
    await applyAutostart(plan, {
      setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
      mkdir: async (path) => void (await mkdir(path, { recursive: true })),
      writeFile: (path, content) => writeFile(path, content, { encoding: 'utf8', mode: 0o644 }),
      removeFile: (path) => rm(path, { force: true })
    })
  } catch (err) {
    logger.log('warn', 'could not update start-on-login', { error: String(err) })
  }
}
