// A packaged LendPace refuses to start with a debugging switch: --remote-debugging-port/-pipe would let
// any local program drive the window (and through it the contract), --inspect* would attach a debugger to
// the process that holds the key. The EnableNodeCliInspectArguments fuse already disables --inspect in
// packaged builds; this also covers Chromium's remote debugging and says why it stopped.
// Development builds keep them: that is how the app is debugged.

const FORBIDDEN = /^--(remote-debugging-port|remote-debugging-pipe|remote-debugging-address|inspect|inspect-brk|inspect-port|inspect-publish-uid|debug|debug-brk)(=|$)/

/** The debugging switches in argv (or reported by Chromium) that a packaged build must refuse. */
export function forbiddenDebugSwitches(opts: { argv: readonly string[]; isPackaged: boolean; hasSwitch?: (name: string) => boolean }): string[] {
  if (!opts.isPackaged) return []
  const found = opts.argv.filter((a) => FORBIDDEN.test(a)).map((a) => a.split('=')[0])
  for (const name of ['remote-debugging-port', 'remote-debugging-pipe', 'inspect', 'inspect-brk'])
    if (opts.hasSwitch?.(name) && !found.includes(`--${name}`)) found.push(`--${name}`)
  return found
}
