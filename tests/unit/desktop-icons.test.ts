// The PNG encoder and the drawn icons: valid PNG files whose pixels are what was drawn.
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { appIconPixels, TRAY_COLORS, trayIconPixels } from '../../src/main/desktop/iconArt'
import { crc32, encodePng, PNG_SIGNATURE } from '../../src/main/desktop/png'

/** A small PNG reader for what encodePng writes (RGBA, filter 0): checks every CRC on the way. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8Array; chunks: string[] } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true)
  let at = 8
  let width = 0
  let height = 0
  const idat: Buffer[] = []
  const chunks: string[] = []
  while (at < png.length) {
    const len = png.readUInt32BE(at)
    const type = png.toString('ascii', at + 4, at + 8)
    const data = png.subarray(at + 8, at + 8 + len)
    expect(png.readUInt32BE(at + 8 + len)).toBe(crc32(png.subarray(at + 4, at + 8 + len)))
    chunks.push(type)
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      expect([data[8], data[9], data[10], data[11], data[12]]).toEqual([8, 6, 0, 0, 0])
    }
    if (type === 'IDAT') idat.push(data)
    at += 12 + len
  }
  const raw = inflateSync(Buffer.concat(idat))
  const rgba = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0)
    rgba.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4)
  }
  return { width, height, rgba, chunks }
}

const pixel = (rgba: Uint8Array, size: number, x: number, y: number) => Array.from(rgba.subarray((y * size + x) * 4, (y * size + x) * 4 + 4))

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926)
  })
})

describe('encodePng', () => {
  it('round-trips pixels through a valid PNG', () => {
    const rgba = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 37) % 256)
    const out = decodePng(encodePng(3, 2, rgba))
    expect(out).toMatchObject({ width: 3, height: 2, chunks: ['IHDR', 'IDAT', 'IEND'] })
    expect(Array.from(out.rgba)).toEqual(Array.from(rgba))
  })
  it('refuses a buffer of the wrong size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(/16 RGBA bytes/)
    expect(() => encodePng(0, 2, new Uint8Array(0))).toThrow(/positive/)
  })
})

describe('icons', () => {
  it('tray icons show their state by colour, with transparent corners', () => {
    const size = 32
    for (const state of ['running', 'stopped', 'attention'] as const) {
      const { rgba } = decodePng(encodePng(size, size, trayIconPixels(state, size)))
      expect(pixel(rgba, size, 0, 0)[3]).toBe(0)
      // Just inside the circle's left edge, away from the white symbol: the state colour.
      expect(pixel(rgba, size, 3, 16)).toEqual([...TRAY_COLORS[state]])
    }
  })
  it('the three tray icons differ in shape too, not only in colour', () => {
    const whiteMask = (state: 'running' | 'stopped' | 'attention') => {
      const p = trayIconPixels(state, 32)
      return Array.from({ length: 32 * 32 }, (_, i) => (p[i * 4] > 200 && p[i * 4 + 1] > 200 && p[i * 4 + 2] > 200 ? 1 : 0)).join('')
    }
    const masks = new Set([whiteMask('running'), whiteMask('stopped'), whiteMask('attention')])
    expect(masks.size).toBe(3)
  })
  it('the app icon is opaque inside and transparent at the corners', () => {
    const size = 64
    const p = appIconPixels(size)
    expect(pixel(p, size, 0, 0)[3]).toBe(0)
    expect(pixel(p, size, 32, 56)[3]).toBe(255)
    expect(pixel(p, size, 32, 63)[3]).toBe(0)
  })
})
