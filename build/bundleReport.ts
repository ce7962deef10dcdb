// A Vite plugin that writes which packages went into a bundle and how many bytes each contributed
// (out/<target>/bundle-report.json), so a dependency change shows up as a reviewable diff of numbers.
// Why: bfx-api-node-rest lists test libraries (dirty-chai, and chai through it) as runtime dependencies;
// this report is how we show that none of them reaches the shipped main bundle.
import type { Plugin } from 'vite'

const packageOf = (id: string): string => {
  const at = id.lastIndexOf('node_modules/')
  if (at < 0) return '(app)'
  const rest = id.slice(at + 'node_modules/'.length).split('/')
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]
}

export function bundleReport(): Plugin {
  return {
    name: 'lendpace:bundle-report',
    generateBundle(_options, bundle) {
      const bytes = new Map<string, number>()
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue
        for (const [id, info] of Object.entries(chunk.modules)) {
          const name = packageOf(id.replace(/\\/g, '/'))
          bytes.set(name, (bytes.get(name) ?? 0) + info.renderedLength)
        }
      }
      const packages = Object.fromEntries([...bytes].sort((a, b) => b[1] - a[1]))
      this.emitFile({ type: 'asset', fileName: 'bundle-report.json', source: JSON.stringify({ packages }, null, 2) + '\n' })
    }
  }
}
