// "Copy diagnostics": the core's report (settings without secrets, last errors) with the desktop
// shell's own facts in front. No paths: they can carry the user's name.

export interface ShellFacts {
  appVersion: string
  versions: { electron?: string; chrome?: string; node?: string; v8?: string }
  platform: string
  arch: string
  osRelease: string
  packaged: boolean
  launchedAtLogin: boolean
  online: boolean
  trayAvailable: boolean
  /** e.g. 'gnome_libsecret', 'basic_text', 'keychain', or null when not asked. */
  safeStorageBackend: string | null
}

function shellDiagnostics(f: ShellFacts): string {
  const v = f.versions
  return [
    `LendPace ${f.appVersion}${f.packaged ? '' : ' (development build)'}`,
    `Electron ${v.electron ?? '?'} · Chromium ${v.chrome ?? '?'} · Node ${v.node ?? '?'} · V8 ${v.v8 ?? '?'}`,
    `OS: ${f.platform} ${f.osRelease} (${f.arch})`,
    `Started at login: ${f.launchedAtLogin ? 'yes' : 'no'} · Network: ${f.online ? 'online' : 'offline'} · Tray: ${f.trayAvailable ? 'yes' : 'no'}`,
    `Key storage backend: ${f.safeStorageBackend ?? 'unknown'}`
  ].join('\n')
}

/** Shell facts, then the core's report; if the core could not answer, say so rather than copy nothing. */
export function composeDiagnostics(shell: ShellFacts, core: { text: string } | { error: string }): string {
  const coreText = 'text' in core ? core.text.trim() : `The app core could not produce its report: ${core.error}`
  return `${shellDiagnostics(shell)}\n\n${coreText}\n`
}
