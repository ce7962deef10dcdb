// Keeps the unlocked key out of crash dumps, where the OS lets a process choose.
// - Linux: /proc/self/coredump_filter selects which memory mappings a core dump contains (core(5):
//   bit 0 anonymous private, 1 anonymous shared, 2-3 file-backed, 4 ELF headers, 5-8 huge pages/DAX).
//   Writing 0 leaves every mapping out, so a dump of this process holds registers but not the heap,
//   where the key lives. Children forked later inherit it. (Node has no setrlimit(RLIMIT_CORE) or
//   prctl(PR_SET_DUMPABLE); this is the part a process may do for itself without native code.)
// - macOS: core dumps are off unless the user raised `ulimit -c` and made /cores writable; nothing to do.
// - Windows: no core dumps; Windows Error Reporting writes a local dump only if an administrator
//   configured LocalDumps. LendPace starts no crash reporter, so no dump ever leaves the machine.
import { writeFileSync } from 'node:fs'

type CoreDumpGuard = 'memoryExcluded' | 'notNeeded' | 'failed'

export function excludeMemoryFromCoreDumps(
  platform: NodeJS.Platform = process.platform,
  write: (path: string, text: string) => void = (path, text) => writeFileSync(path, text)
): CoreDumpGuard {
  if (platform !== 'linux') return 'notNeeded'
  try {
    write('/proc/self/coredump_filter', '0x0')
    return 'memoryExcluded'
  } catch {
    // A hardened /proc (some containers) refuses it: the app still runs, and says so in the log.
    return 'failed'
  }
}
