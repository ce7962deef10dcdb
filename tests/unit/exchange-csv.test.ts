// The one CSV reader (src/main/exchange/csv.ts) and the history cache that reads through it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseCsv } from '../../src/main/exchange/csv'
import { CANDLES_HEADER, readCsvRows } from '../../src/main/exchange/history'

describe('parseCsv', () => {
  it('keeps each row\'s real line number across blank lines and CRLF, and counts its cells', () => {
    const t = parseCsv('mts, rate\r\n1,0.0002\r\n\r\n3, 0.0003 ,x\n')
    expect(t.header).toEqual(['mts', 'rate'])
    expect(t.rows).toEqual([
      { line: 2, values: { mts: '1', rate: '0.0002' }, cellCount: 2 },
      { line: 4, values: { mts: '3', rate: '0.0003' }, cellCount: 3 }
    ])
  })
})

describe('readCsvRows (the history cache)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-csv-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const file = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text)
    return path.join(dir, name)
  }
  const header = CANDLES_HEADER.join(',')

  it('reads numbers; a missing or empty file is no rows', async () => {
    expect(await readCsvRows(file('ok.csv', `${header}\n1,2,3,4,5,6\n\n7,8,9,10,11,1e-7\n`), CANDLES_HEADER)).toEqual([
      [1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10, 11, 1e-7]
    ])
    expect(await readCsvRows(path.join(dir, 'absent.csv'), CANDLES_HEADER)).toEqual([])
    expect(await readCsvRows(file('empty.csv', '\n'), CANDLES_HEADER)).toEqual([])
  })

  it('names the file and the real line of a bad row, and refuses another header', async () => {
    await expect(readCsvRows(file('short.csv', `${header}\n1,2,3,4,5,6\n\n1,2,3\n`), CANDLES_HEADER)).rejects.toThrow('short.csv line 4 is not 6 numbers.')
    await expect(readCsvRows(file('word.csv', `${header}\n1,2,3,4,5,six\n`), CANDLES_HEADER)).rejects.toThrow('word.csv line 2 is not 6 numbers.')
    await expect(readCsvRows(file('other.csv', 'mts,rate\n1,2\n'), CANDLES_HEADER)).rejects.toThrow(/other\.csv has an unexpected header/)
  })
})
