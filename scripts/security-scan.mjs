// Runs electronegativity over the built app (out/) and fails on any HIGH or MEDIUM finding. The Electron
// version is given because it cannot be detected from the bundle (the scan would assume 0.1).
// Justified exceptions live next to the code they concern, as inline eng-disable comments with a reason.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'

if (!existsSync('out/main/index.js')) {
  console.error('security scan: build first (npx electron-vite build)')
  process.exit(1)
}
mkdirSync('test-results', { recursive: true })
const report = 'test-results/electronegativity.csv'
execFileSync('npx', ['electronegativity', '-i', 'out', '-e', '45.4.1', '-r', '-v', 'false', '-o', report], { stdio: ['ignore', 'ignore', 'inherit'] })

// Columns are named in the CSV's header row (issue, severity, confidence, filename, location, ...);
// quoted fields may hold commas.
const splitCsv = (line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, '').trim().replace(/^"|"$/g, ''))
const [header, ...lines] = readFileSync(report, 'utf8').trim().split('\n')
const columns = splitCsv(header)
const rows = lines.map((line) => Object.fromEntries(splitCsv(line).map((v, i) => [columns[i], v])))
const serious = rows.filter((r) => /^(HIGH|MEDIUM)$/i.test(r.severity ?? ''))
for (const r of rows) console.log(`${(r.severity ?? '').padEnd(7)} ${(r.confidence ?? '').padEnd(10)} ${r.issue}  ${r.filename}:${r.location}`)
console.log(`electronegativity: ${rows.length} findings, ${serious.length} high or medium`)
process.exit(serious.length > 0 ? 1 : 0)
