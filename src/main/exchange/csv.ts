// The one CSV reader for market data files: the shared Bitfinex data set, downloaded history
// (history/csvCache.ts) and the lending bot's fills. These files are numbers and plain words written by
// our own tools or Bitfinex's exports: a header row, commas, no quoting. That is all this reads, and it
// keeps each row's line number so a bad row can be named exactly (file:line). A general CSV library
// would add quoting rules these files never use, and one more dependency to ship in the app.

interface CsvRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number
  /** Trimmed cells by column name ('' for a missing cell). */
  values: Record<string, string>
  /** How many cells the line had: differs from the header's count on a malformed line. */
  cellCount: number
}

interface CsvTable {
  header: string[]
  rows: CsvRow[]
}

/** Blank lines are skipped (a trailing newline, a gap); CRLF and LF both end a line. */
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
    rows.push({ line: i + 1, values, cellCount: cells.length })
  }
  return { header, rows }
}
