// Prints vitest's line coverage per layer folder (from coverage-summary.json), for the CI summary.
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'

const summary = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const folders = new Map()
for (const [file, v] of Object.entries(summary)) {
  if (file === 'total') continue
  const parts = relative(process.cwd(), file).split('/')
  const folder = parts.slice(0, parts[1] === 'main' ? 3 : 2).join('/')
  const f = folders.get(folder) ?? { covered: 0, total: 0 }
  f.covered += v.lines.covered
  f.total += v.lines.total
  folders.set(folder, f)
}
const rows = [...folders].sort(([a], [b]) => a.localeCompare(b)).map(([folder, f]) => `${folder} ${f.total ? ((100 * f.covered) / f.total).toFixed(1) : '–'} %`)
console.log(`line coverage (vitest): ${rows.join(', ')}; total ${summary.total.lines.pct} % lines, ${summary.total.branches.pct} % branches`)
