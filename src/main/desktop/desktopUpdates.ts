// Self-update for the desktop: signed releases only (updatePolicy), through electron-updater; the restart
// hands lending over exactly like a quit.
import { app } from 'electron'
import { join } from 'node:path'
import type { UpdateState } from '../../shared/contract'
import { systemClock } from '../platform/clock'
import type { Logger } from '../platform/logger'
import { electronUpdaterPort, readUpdateFeed } from './electronUpdater'
import { createUpdateController, updatePolicy, type UpdateController } from './updateController'

export function createDesktopUpdates(opts: { logger: Logger; handOver: () => Promise<void>; onChange: (state: UpdateState) => void }): UpdateController {
  const policy = updatePolicy({
    isPackaged: app.isPackaged,
    platform: process.platform,
    feed: readUpdateFeed(join(process.resourcesPath, 'app-update.yml'))
  })
  return createUpdateController({
    port: policy.enabled ? electronUpdaterPort() : null,
    disabledReason: policy.enabled ? undefined : policy.reason,
    clock: systemClock,
    logger: opts.logger,
    handOver: opts.handOver,
    onChange: opts.onChange
  })
}
