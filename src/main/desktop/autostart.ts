// Start on login. macOS and Windows: Electron's login-item settings. Linux: an XDG autostart entry
// (~/.config/autostart/lendpace.desktop), which GNOME, KDE, XFCE and most other desktops honour.
// This module decides what to do; applyAutostart does it through small ports.
import { posix } from 'node:path'

const HIDDEN_ARG = '--hidden'
const AUTOSTART_FILE_NAME = 'lendpace.desktop'

/** How to start this very installation again. */
export function launchCommand(opts: {
  isPackaged: boolean
  execPath: string
  /** The app folder, needed when running from source (electron <appPath>). */
  appPath: string
  /** Set by the AppImage runtime: the .AppImage file; execPath points into a temporary mount instead. */
  appImage: string | undefined
}): string[] {
  if (opts.appImage) return [opts.appImage]
  return opts.isPackaged ? [opts.execPath] : [opts.execPath, opts.appPath]
}

/**
 * Quote one Exec argument as the Desktop Entry spec asks: arguments with reserved characters go in
 * double quotes with " ` $ \ backslash-escaped; then the string-value escaping doubles every
 * backslash again; a literal % is written %%.
 */
export function quoteExecArg(arg: string): string {
  const reserved = /[\s"'\\><~|&;$*?#()`]/
  let quoted = reserved.test(arg) ? `"${arg.replace(/(["`$\\])/g, '\\$1')}"` : arg
  quoted = quoted.replace(/\\/g, '\\\\')
  return quoted.replace(/%/g, '%%')
}

/** The .desktop file's text. Hidden=false and X-GNOME-Autostart-enabled=true mean "do start". */
export function xdgAutostartEntry(opts: { command: string[] }): string {
  const exec = [...opts.command, HIDDEN_ARG].map(quoteExecArg).join(' ')
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=LendPace',
    'Comment=Lends idle funds on Bitfinex; starts hidden in the tray',
    `Exec=${exec}`,
    'Terminal=false',
    'Categories=Office;Finance;',
    'StartupNotify=false',
    'Hidden=false',
    'NoDisplay=false',
    'X-GNOME-Autostart-enabled=true'
  ]
  return `${lines.join('\n')}\n`
}

/** $XDG_CONFIG_HOME/autostart, defaulting to ~/.config/autostart as the XDG base-dir spec says. */
export function xdgAutostartPath(env: { XDG_CONFIG_HOME?: string }, homeDir: string): string {
  const configHome = env.XDG_CONFIG_HOME && posix.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : posix.join(homeDir, '.config')
  return posix.join(configHome, 'autostart', AUTOSTART_FILE_NAME)
}

type AutostartPlan =
  | { kind: 'loginItem'; settings: { openAtLogin: boolean; args: string[]; path?: string } }
  | { kind: 'xdgFile'; path: string; /** null: remove the file */ content: string | null }
  | { kind: 'unsupported'; reason: string }

export function autostartPlan(opts: {
  enabled: boolean
  platform: NodeJS.Platform
  isPackaged: boolean
  execPath: string
  appPath: string
  env: { APPIMAGE?: string; XDG_CONFIG_HOME?: string }
  homeDir: string
}): AutostartPlan {
  const command = launchCommand({ ...opts, appImage: opts.env.APPIMAGE })
  if (opts.platform === 'darwin' || opts.platform === 'win32') {
    // Windows launches `path args`; macOS ignores args and reports wasOpenedAtLogin instead.
    const [path, ...rest] = command
    return {
      kind: 'loginItem',
      settings: {
        openAtLogin: opts.enabled,
        args: [...rest, HIDDEN_ARG],
        ...(opts.platform === 'win32' ? { path } : {})
      }
    }
  }
  if (opts.platform === 'linux' || opts.platform === 'freebsd' || opts.platform === 'openbsd') {
    return {
      kind: 'xdgFile',
      path: xdgAutostartPath(opts.env, opts.homeDir),
      content: opts.enabled ? xdgAutostartEntry({ command }) : null
    }
  }
  return { kind: 'unsupported', reason: `Start on login is not supported on ${opts.platform}.` }
}

export interface AutostartPorts {
  setLoginItemSettings(settings: { openAtLogin: boolean; args: string[]; path?: string }): void
  writeFile(path: string, content: string): Promise<void>
  mkdir(path: string): Promise<void>
  /** Remove the file; a missing file is not an error. */
  removeFile(path: string): Promise<void>
}

export async function applyAutostart(plan: AutostartPlan, ports: AutostartPorts): Promise<void> {
  switch (plan.kind) {
    case 'loginItem':
      ports.setLoginItemSettings(plan.settings)
      return
    case 'xdgFile':
      if (plan.content === null) return ports.removeFile(plan.path)
      await ports.mkdir(posix.dirname(plan.path))
      return ports.writeFile(plan.path, plan.content)
    case 'unsupported':
      throw new Error(plan.reason)
  }
}

/** Was this process started at login? (Our own --hidden argument, or macOS's login-item flag.) */
export function launchedAtLogin(opts: { argv: readonly string[]; platform: NodeJS.Platform; wasOpenedAtLogin: boolean }): boolean {
  return opts.argv.includes(HIDDEN_ARG) || (opts.platform === 'darwin' && opts.wasOpenedAtLogin)
}
