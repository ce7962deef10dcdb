// The layer rules of docs/architecture.md are enforced by lint; this proves the rules bite where they should
// and stay quiet where an import is allowed.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function directionErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.filter((m) => m.ruleId === 'import-x/no-restricted-paths').map((m) => m.message)
}

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('layer import boundaries', () => {
  it.each(['src/shared/probe.ts', 'src/renderer/probe.ts', 'src/main/ibrr/probe.ts'])(
    'forbids electron and Node built-ins in %s',
    async (file) => {
      expect(await restrictedImports(file, "import { app } from 'electron'\nexport const a = app\n")).toHaveLength(1)
      expect(await restrictedImports(file, "import { readFileSync } from 'node:fs'\nexport const r = readFileSync\n")).not.toHaveLength(0)
      expect(await restrictedImports(file, "import path from 'path'\nexport const p = path\n")).not.toHaveLength(0)
    }
  )

  it.each(['src/main/exchange/probe.ts', 'src/main/core/probe.ts'])('forbids electron but allows Node in %s', async (file) => {
    expect(await restrictedImports(file, "import { app } from 'electron'\nexport const a = app\n")).toHaveLength(1)
    expect(await restrictedImports(file, "import Store from 'electron-store'\nexport const s = Store\n")).toHaveLength(1)
    expect(await restrictedImports(file, "import { readFileSync } from 'node:fs'\nexport const r = readFileSync\n")).toHaveLength(0)
  })

  it('allows electron in the desktop shell and the preload', async () => {
    expect(await restrictedImports('src/main/desktop/probe.ts', "import { app } from 'electron'\nexport const a = app\n")).toHaveLength(0)
    expect(await restrictedImports('src/preload/probe.ts', "import { contextBridge } from 'electron'\nexport const c = contextBridge\n")).toHaveLength(0)
  })

  // Each forbidden direction, with a relative import of a real module (what a slip really looks like).
  it.each([
    ['src/main/ibrr/probe.ts', '../exchange/port', 'ibrr'],
    ['src/shared/probe.ts', '../main/ibrr', 'shared'],
    ['src/main/platform/probe.ts', '../core/rpc', 'platform'],
    ['src/main/exchange/probe.ts', '../core/rpc', 'exchange'],
    ['src/main/core/probe.ts', '../desktop/trayModel', 'core'],
    ['src/main/core/probe.ts', '../backtest', 'core'],
    ['src/main/core/probe.ts', '../browserHost/server', 'core'],
    ['src/main/backtest/probe.ts', '../desktop/trayModel', 'backtest'],
    ['src/renderer/probe.ts', '../main/core/rpc', 'renderer'],
    ['src/preload/probe.ts', '../main/core/rpc', 'preload']
  ])('forbids %s importing %s', async (file, spec, layer) => {
    const errors = await directionErrors(file, `import * as m from '${spec}'\nexport const x = m\n`)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(`The ${layer} layer may import only`)
  })

  it.each([
    ['src/main/exchange/probe.ts', '../ibrr'],
    ['src/main/exchange/probe.ts', '../platform/clock'],
    ['src/main/core/probe.ts', '../exchange/port'],
    ['src/main/backtest/probe.ts', '../core/rpc'],
    ['src/main/browserHost/probe.ts', '../backtest'],
    ['src/main/desktop/probe.ts', '../core/rpc'],
    ['src/renderer/probe.ts', '../shared/contract']
  ])('allows %s importing %s', async (file, spec) => {
    expect(await directionErrors(file, `import * as m from '${spec}'\nexport const x = m\n`)).toEqual([])
  })
})
