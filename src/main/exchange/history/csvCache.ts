// Numeric CSV files keyed by their first column (mts), in the exact layout of the shared Bitfinex
// data set, so backtests read downloaded history and the shared files alike (both through ../csv.ts).
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { writeFileAtomically } from '../../platform/atomicFile'
import { parseCsv } from '../csv'

export const CANDLES_HEADER = ['mts', 'open', 'close', 'high', 'low', 'volume'] as const
export const STATS_HEADER = ['mts', 'frr', 'avg_period', 'funding_amount', 'funding_amount_used', 'funding_below_threshold'] as const

const cell = z.string().trim().min(1).transform(Number).pipe(z.number().finite())

/** Rows of an existing cache (empty if the file does not exist). Refuses a file with another header. */
export async function readCsvRows(file: string, header: readonly string[]): Promise<number[][]> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw e
  }
  if (text.trim() === '') return []
  const table = parseCsv(text)
  if (table.header.join(',') !== header.join(',')) throw new Error(`${path.basename(file)} has an unexpected header; expected "${header.join(',')}".`)
  const row = z.array(cell).length(header.length)
  return table.rows.map((r) => {
    const parsed = r.cellCount === header.length ? row.safeParse(header.map((h) => r.values[h])) : null
    if (!parsed?.success) throw new Error(`${path.basename(file)} line ${r.line} is not ${header.length} numbers.`)
    return parsed.data
  })
}

/** Merges rows by mts (new rows win: a re-downloaded hour may have been incomplete), sorted, written atomically. */
export async function mergeCsvRows(file: string, header: readonly string[], fresh: number[][]): Promise<{ added: number; total: number }> {
  const existing = await readCsvRows(file, header)
  const byMts = new Map<number, number[]>(existing.map((r) => [r[0], r]))
  let added = 0
  for (const r of fresh) {
    if (!byMts.has(r[0])) added++
    byMts.set(r[0], r)
  }
  const rows = [...byMts.values()].sort((a, b) => a[0] - b[0])
  const text = [header.join(','), ...rows.map((r) => r.map((n) => String(n)).join(','))].join('\n') + '\n'
  await writeFileAtomically(file, text)
  return { added, total: rows.length }
}
