// A minimal CSV reader for the recorded market files: numeric columns, no quoting, a header row.
// It keeps line numbers so a bad row can be named exactly (file:line).

export interface CsvRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number
  values: Record<string, string>
}

export interface CsvTable {
  header: string[]
  rows: CsvRow[]
}

export function parseCsv(text: string): CsvTable {
  const lines = text.split(/\r?\n/)
  const header = (lines[0] ?? '').split(',').map((h) => h.trim())
  const rows: CsvRow[] = []
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]
    if (raw.trim() === '') continue
    const cells = raw.split(',')
    const values: Record<string, string> = {}
    header.forEach((h, j) => {
      values[h] = cells[j]?.trim() ?? ''
    })
    if (cells.length !== header.length) values.__cellCount = String(cells.length)
    rows.push({ line: i + 1, values })
  }
  return { header, rows }
}
