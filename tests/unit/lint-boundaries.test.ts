// The layer rules of DESIGN.md are enforced by lint; this proves the rules bite where they should
// and stay quiet where an import is allowed.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('layer import boundaries', () => {
  it.each(['src/shared/probe.ts', 'src/renderer/src/probe.ts', 'src/main/ibrr/probe.ts'])(
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
})
