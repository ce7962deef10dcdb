// A Vite plugin for the main-process bundle: rewrites class private fields (#x) in bundled
// dependencies (conf, electron-store) to WeakMap-based ES2021 code.
// Why: the security scanner (electronegativity) cannot walk ES2022 private fields; on meeting one it
// skips the WHOLE out/main/index.js, and then reports our navigation limits, permission handler and CSP
// header as missing (false HIGH/MEDIUM findings). Lowering keeps the file scannable; behaviour is the same.
import type { Plugin } from 'vite'

const DEPENDENCY_JS = /[\\/]node_modules[\\/].+\.[cm]?js$/
const PRIVATE_NAME = /#[A-Za-z_$]/

export function lowerClassPrivateFields(): Plugin {
  return {
    name: 'lendpace:lower-class-private-fields',
    async transform(code, id) {
      if (!DEPENDENCY_JS.test(id) || !PRIVATE_NAME.test(code)) return null
      // Loaded only when a file needs it: most builds of the preload/renderer never pay for it.
      const { default: ts } = await import('typescript')
      const out = ts.transpileModule(code, {
        fileName: id,
        compilerOptions: { target: ts.ScriptTarget.ES2021, module: ts.ModuleKind.ESNext, allowJs: true, sourceMap: false }
      })
      return { code: out.outputText, map: null }
    }
  }
}
