// Start on login: the XDG .desktop file, the login-item settings, and detecting a login start.
import { mkdtemp, readFile, rm, stat, mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  applyAutostart,
  autostartPlan,
  launchCommand,
  launchedAtLogin,
  quoteExecArg,
  xdgAutostartEntry,
  xdgAutostartPath,
  type AutostartPorts
} from '../../src/main/desktop/autostart'

/** Parse a .desktop file's [Desktop Entry] group into key → value. */
const entries = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])
  )

const linux = {
  platform: 'linux' as const,
  isPackaged: true,
  execPath: '/opt/LendPace/lendpace',
  appPath: '/opt/LendPace/resources/app.asar',
  homeDir: '/home/ana'
}

describe('xdgAutostartEntry', () => {
  it('is an enabled, visible application entry that starts hidden', () => {
    const text = xdgAutostartEntry({ command: ['/opt/LendPace/lendpace'] })
    expect(text.split('\n')[0]).toBe('[Desktop Entry]')
    expect(text.endsWith('\n')).toBe(true)
    expect(entries(text)).toMatchObject({
      Type: 'Application',
      Name: 'LendPace',
      Exec: '/opt/LendPace/lendpace --hidden',
      Terminal: 'false',
      Hidden: 'false',
      'X-GNOME-Autostart-enabled': 'true'
    })
  })
  it('quotes paths with spaces and escapes reserved characters as the spec asks', () => {
    expect(quoteExecArg('/plain/path')).toBe('/plain/path')
    expect(quoteExecArg('/home/ana/My Apps/LendPace.AppImage')).toBe('"/home/ana/My Apps/LendPace.AppImage"')
    // " and $ get a backslash inside the quotes; that backslash is then doubled by string escaping.
    expect(quoteExecArg('/a"b$c')).toBe('"/a\\\\"b\\\\$c"')
    expect(quoteExecArg('/x\\y')).toBe('"/x\\\\\\\\y"')
    expect(quoteExecArg('/100%')).toBe('/100%%')
  })
})

describe('autostartPlan', () => {
  it('Linux AppImage: Exec is the .AppImage file, not the temporary mount', () => {
    const plan = autostartPlan({ ...linux, enabled: true, execPath: '/tmp/.mount_LendPxyz/lendpace', env: { APPIMAGE: '/home/ana/Apps/LendPace-0.1.0.AppImage' } })
    expect(plan.kind).toBe('xdgFile')
    if (plan.kind !== 'xdgFile') return
    expect(plan.path).toBe('/home/ana/.config/autostart/lendpace.desktop')
    expect(entries(plan.content!).Exec).toBe('/home/ana/Apps/LendPace-0.1.0.AppImage --hidden')
  })
  it('Linux deb: Exec is the installed binary; XDG_CONFIG_HOME is honoured', () => {
    const plan = autostartPlan({ ...linux, enabled: true, env: { XDG_CONFIG_HOME: '/home/ana/.cfg' } })
    expect(plan).toMatchObject({ kind: 'xdgFile', path: '/home/ana/.cfg/autostart/lendpace.desktop' })
    if (plan.kind === 'xdgFile') expect(entries(plan.content!).Exec).toBe('/opt/LendPace/lendpace --hidden')
  })
  it('Linux disabled: remove the file', () => {
    expect(autostartPlan({ ...linux, enabled: false, env: {} })).toEqual({
      kind: 'xdgFile',
      path: '/home/ana/.config/autostart/lendpace.desktop',
      content: null
    })
  })
  it('running from source: electron plus the app folder', () => {
    expect(launchCommand({ isPackaged: false, execPath: '/n/electron', appPath: '/src/app', appImage: undefined })).toEqual(['/n/electron', '/src/app'])
  })
  it('macOS and Windows use login-item settings with --hidden', () => {
    const mac = autostartPlan({ ...linux, platform: 'darwin', enabled: true, execPath: '/Applications/LendPace.app/Contents/MacOS/LendPace', env: {} })
    expect(mac).toEqual({ kind: 'loginItem', settings: { openAtLogin: true, args: ['--hidden'] } })
    const win = autostartPlan({ ...linux, platform: 'win32', enabled: false, execPath: 'C:\\LendPace\\LendPace.exe', env: {} })
    expect(win).toEqual({ kind: 'loginItem', settings: { openAtLogin: false, args: ['--hidden'], path: 'C:\\LendPace\\LendPace.exe' } })
  })
  it('ignores a relative XDG_CONFIG_HOME, as the spec says', () => {
    expect(xdgAutostartPath({ XDG_CONFIG_HOME: 'relative/cfg' }, '/home/ana')).toBe('/home/ana/.config/autostart/lendpace.desktop')
  })
})

describe('applyAutostart (real files in a temp folder)', () => {
  let dir = ''
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })
  const fsPorts = (loginItems: unknown[]): AutostartPorts => ({
    setLoginItemSettings: (s) => void loginItems.push(s),
    mkdir: async (p) => void (await mkdir(p, { recursive: true })),
    writeFile: (p, c) => writeFile(p, c, 'utf8'),
    removeFile: (p) => rm(p, { force: true })
  })

  it('writes the entry when enabled and removes it when disabled', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lendpace-autostart-'))
    const env = { XDG_CONFIG_HOME: join(dir, 'config') }
    const on = autostartPlan({ ...linux, enabled: true, env })
    await applyAutostart(on, fsPorts([]))
    const path = join(dir, 'config', 'autostart', 'lendpace.desktop')
    expect(entries(await readFile(path, 'utf8')).Exec).toBe('/opt/LendPace/lendpace --hidden')
    await applyAutostart(autostartPlan({ ...linux, enabled: false, env }), fsPorts([]))
    await expect(stat(path)).rejects.toThrow(/ENOENT/)
    // Disabling again when nothing is there is fine.
    await applyAutostart(autostartPlan({ ...linux, enabled: false, env }), fsPorts([]))
  })

  it('passes login-item settings through on macOS/Windows', async () => {
    const seen: unknown[] = []
    await applyAutostart(autostartPlan({ ...linux, platform: 'darwin', enabled: true, env: {} }), fsPorts(seen))
    expect(seen).toEqual([{ openAtLogin: true, args: ['--hidden'] }])
  })
})

describe('launchedAtLogin', () => {
  it('is our --hidden flag, or macOS saying it opened us at login', () => {
    expect(launchedAtLogin({ argv: ['/opt/LendPace/lendpace', '--hidden'], platform: 'linux', wasOpenedAtLogin: false })).toBe(true)
    expect(launchedAtLogin({ argv: ['/opt/LendPace/lendpace'], platform: 'linux', wasOpenedAtLogin: true })).toBe(false)
    expect(launchedAtLogin({ argv: ['LendPace'], platform: 'darwin', wasOpenedAtLogin: true })).toBe(true)
    expect(launchedAtLogin({ argv: ['LendPace'], platform: 'darwin', wasOpenedAtLogin: false })).toBe(false)
  })
})
