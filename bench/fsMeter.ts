// Counts the bytes this thread writes to files and the time it spends blocked in synchronous file calls.
// It wraps node:fs's sync functions, so it must be loaded before any module that keeps a reference to
// them (conf's atomic writer captures fs.writeSync when it loads): storageSoak.ts imports it first.
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'

export const fsMeter = { bytes: 0, ms: 0, calls: 0, msByCall: {} as Record<string, number> }

const byteLength = (data: unknown): number =>
  typeof data === 'string' ? Buffer.byteLength(data) : ArrayBuffer.isView(data) ? data.byteLength : 0

type AnyFn = (...args: never[]) => unknown
function wrap(name: keyof typeof fs, bytesOf?: (args: unknown[], result: unknown) => number): void {
  const original = fs[name] as unknown as AnyFn
  const wrapped = (...args: unknown[]): unknown => {
    const t = performance.now()
    try {
      const result = original(...(args as never[]))
      if (bytesOf) fsMeter.bytes += bytesOf(args, result)
      return result
    } finally {
      const ms = performance.now() - t
      fsMeter.ms += ms
      fsMeter.msByCall[name] = (fsMeter.msByCall[name] ?? 0) + ms
      fsMeter.calls++
    }
  }
  ;(fs as unknown as Record<string, unknown>)[name] = wrapped
}

wrap('writeSync', (_args, written) => (typeof written === 'number' ? written : 0))
wrap('writeFileSync', (args) => byteLength(args[1]))
wrap('appendFileSync', (args) => byteLength(args[1]))
for (const name of ['openSync', 'closeSync', 'fsyncSync', 'renameSync', 'truncateSync', 'readFileSync', 'statSync', 'existsSync'] as const) wrap(name)
syncBuiltinESMExports()
