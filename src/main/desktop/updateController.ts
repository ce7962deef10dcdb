// The self-update, as a small state machine over an updater port (electron-updater in the app, a fake in
// tests): check at start and once a day, download in the background, then offer "Restart to update".
// Restarting first hands lending over (the same shutdown as a quit: Bitfinex auto-renew keeps the money
// lent while LendPace is away), then lets the updater install and relaunch.
// Whether updates run at all is updatePolicy's call: only signed, packaged builds, where the installer
// refuses an update that is not signed by the same publisher as the running app.
import type { UpdateState } from '../../shared/contract'
import type { Clock, TimerHandle } from '../platform/clock'
import type { Logger } from '../platform/logger'

/** What the updater reports (electron-updater's events, reduced to what the state needs). */
export type UpdaterEvent =
  | { kind: 'checking' }
  | { kind: 'available'; version: string }
  | { kind: 'notAvailable' }
  | { kind: 'progress'; percent: number }
  | { kind: 'downloaded'; version: string }
  | { kind: 'error'; error: unknown }

export interface UpdaterPort {
  /** Starts a check; an available update downloads by itself (autoDownload). */
  checkForUpdates(): Promise<unknown>
  /** Quit, install the downloaded update and relaunch. */
  quitAndInstall(): void
  onEvent(listener: (event: UpdaterEvent) => void): void
}

export const UPDATE_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000
/** The first check waits a little, so start-up (vault, resume of lending) has the network first. */
export const FIRST_CHECK_DELAY_MS = 30_000
const CHECK_FAILED = 'LendPace could not check for updates (offline?). It tries again tomorrow; nothing was changed.'

export interface UpdateController {
  state(): UpdateState
  /** Begin: first check soon, then daily. Does nothing when updates are disabled. */
  start(): void
  /** Only from 'ready': hand lending over, then install and relaunch. Returns the state it ends in. */
  restartToUpdate(): Promise<UpdateState>
  stop(): void
}

export function createUpdateController(opts: {
  /** null when updatePolicy disabled updates: `disabledReason` is then shown. */
  port: UpdaterPort | null
  disabledReason?: string
  clock: Clock
  logger: Logger
  /** Hand lending over before the restart (the quit guard's shutdown). */
  handOver: () => Promise<void>
  onChange: (state: UpdateState) => void
  intervalMs?: number
  firstDelayMs?: number
}): UpdateController {
  const { port, clock, logger } = opts
  let current: UpdateState = port
    ? { kind: 'idle', lastCheckedAt: null }
    : { kind: 'disabled', reason: opts.disabledReason ?? 'Updates are not available in this build.' }
  let lastCheckedAt: number | null = null
  let timer: TimerHandle | null = null
  let offeredVersion: string | null = null

  const set = (next: UpdateState): void => {
    current = next
    opts.onChange(next)
  }
  /** Once downloaded (or restarting), later events of a daily check must not hide "Restart to update". */
  const settled = (): boolean => current.kind === 'ready' || current.kind === 'restarting'
  const fail = (error: unknown): void => {
    lastCheckedAt = clock.now()
    logger.log('warn', 'update check failed', { error })
    set({ kind: 'error', message: CHECK_FAILED, lastCheckedAt })
  }

  port?.onEvent((event) => {
    if (settled() && event.kind !== 'downloaded') return
    switch (event.kind) {
      case 'checking':
        return set({ kind: 'checking' })
      case 'available':
        offeredVersion = event.version
        logger.log('info', 'update available; downloading', { version: event.version })
        return set({ kind: 'downloading', version: event.version, percent: null })
      case 'progress':
        return set({ kind: 'downloading', version: offeredVersion ?? '', percent: Math.max(0, Math.min(100, Math.round(event.percent))) })
      case 'notAvailable':
        lastCheckedAt = clock.now()
        return set({ kind: 'idle', lastCheckedAt })
      case 'downloaded':
        lastCheckedAt = clock.now()
        logger.log('info', 'update downloaded and verified; restart offered', { version: event.version })
        return set({ kind: 'ready', version: event.version })
      case 'error':
        return fail(event.error)
    }
  })

  function check(): void {
    if (!port || settled()) return
    // Failures also arrive as 'error' events; the promise is only kept from rejecting unhandled.
    port.checkForUpdates().catch((error: unknown) => {
      if (current.kind !== 'error' && !settled()) fail(error)
    })
  }

  function schedule(ms: number): void {
    timer = clock.setTimeout(() => {
      check()
      schedule(opts.intervalMs ?? UPDATE_CHECK_INTERVAL_MS)
    }, ms)
  }

  return {
    state: () => current,
    start() {
      if (!port || timer) return
      schedule(opts.firstDelayMs ?? FIRST_CHECK_DELAY_MS)
    },
    async restartToUpdate() {
      if (current.kind !== 'ready' || !port) return current
      const version = current.version
      set({ kind: 'restarting', version })
      logger.log('info', 'restarting to update: handing lending over first', { version })
      try {
        await opts.handOver()
      } catch (error) {
        // The hand-over is bounded and logs its own trouble; the update still goes ahead.
        logger.log('warn', 'hand-over before the update restart failed', { error })
      }
      port.quitAndInstall()
      return current
    },
    stop() {
      if (timer) clock.clearTimeout(timer)
      timer = null
    }
  }
}

/**
 * Whether this build may update itself. Only packaged builds on macOS and Windows, where the installed
 * update must carry the same publisher's signature as the running app: Squirrel.Mac checks the code
 * signature; electron-updater's NSIS updater checks the Authenticode publisher, but only when the build
 * recorded one (publisherName in app-update.yml, written when the build was signed). Linux builds are not
 * signed, so they do not update themselves. Without a publish feed (app-update.yml) there is nothing to ask.
 */
export function updatePolicy(opts: {
  isPackaged: boolean
  platform: NodeJS.Platform
  /** Parsed resources/app-update.yml, or null when the build has no update feed. */
  feed: { publisherName?: string[] | string | null } | null
}): { enabled: true } | { enabled: false; reason: string } {
  if (!opts.isPackaged) return { enabled: false, reason: 'Development build: updates are not checked.' }
  if (opts.platform === 'linux')
    return { enabled: false, reason: 'On Linux, LendPace does not update itself: install new versions from the releases page or your package manager.' }
  if (opts.platform !== 'darwin' && opts.platform !== 'win32') return { enabled: false, reason: 'Updates are not available on this system.' }
  if (!opts.feed) return { enabled: false, reason: 'This build has no update feed (built without one): update it the way you installed it.' }
  const publishers = opts.feed.publisherName
  if (opts.platform === 'win32' && !(Array.isArray(publishers) ? publishers.length > 0 : !!publishers))
    return { enabled: false, reason: 'This build is not signed, so it installs no updates (only signed updates are accepted).' }
  return { enabled: true }
}

/**
 * The part of resources/app-update.yml the policy reads: who must have signed an update. electron-builder
 * writes it as `publisherName:` followed by `  - Name` lines (or one value on the same line).
 */
export function parseUpdateFeed(text: string): { publisherName: string[] } {
  const lines = text.split(/\r?\n/)
  const at = lines.findIndex((l) => /^publisherName:/.test(l))
  if (at < 0) return { publisherName: [] }
  const unquote = (v: string) => v.trim().replace(/^(['"])(.*)\1$/, '$2')
  const inline = unquote(lines[at].slice('publisherName:'.length))
  if (inline) return { publisherName: [inline.replace(/^\[|\]$/g, '')].filter(Boolean) }
  const names: string[] = []
  for (const line of lines.slice(at + 1)) {
    const item = /^\s+-\s+(.+)$/.exec(line)
    if (!item) break
    names.push(unquote(item[1]))
  }
  return { publisherName: names }
}
