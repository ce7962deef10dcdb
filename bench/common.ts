// Paths and small formatting helpers shared by the bench sections.
import path from 'node:path'

/** ../shared/data/bitfinex beside the repo (never copied into it). */
export const SHARED_DATA = path.resolve(process.cwd(), '..', 'shared/data/bitfinex')

export const pct = (x: number) => `${(x * 100).toFixed(2)} %`
export const iso = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ')
/** The middle value (the upper one of an even count), as the bench's tables report it. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

export function mdTable(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
}
