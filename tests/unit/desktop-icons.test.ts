// The committed icons (build/tray, build/icons, build/icon.png): valid PNGs of the size their name says,
// and tray icons that tell their state by shape as well as colour (a monochrome tray, colour-blind users).
import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

const BUILD = resolve(__dirname, '../../build')
const STATES = ['running', 'stopped', 'attention'] as const
/** What src/main/desktop/trayIcons.ts loads: 1× and 2× of the Linux (22 px) and other (16 px) trays. */
const TRAY_SIZES = [16, 22, 32, 44]

/**
 * Reads a non-interlaced 8-bit RGBA PNG (the format of our icons) into its pixels, undoing the five
 * PNG row filters (PNG spec, section 9), so the test reads what a tray would show.
 */
function readRgbaPng(file: string): { width: number; height: number; rgba: Uint8Array } {
  const png = readFileSync(file)
  expect(png.subarray(0, 8).toString('hex'), `${file} is not a PNG`).toBe('89504e470d0a1a0a')
  let at = 8
  let width = 0
  let height = 0
  const idat: Buffer[] = []
  for (let type = ''; type !== 'IEND'; ) {
    const len = png.readUInt32BE(at)
    type = png.toString('ascii', at + 4, at + 8)
    const data = png.subarray(at + 8, at + 8 + len)
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      expect({ bitDepth: data[8], colourType: data[9], interlace: data[12] }, `${file} must be 8-bit RGBA, not interlaced`).toEqual({ bitDepth: 8, colourType: 6, interlace: 0 })
    }
    if (type === 'IDAT') idat.push(data)
    at += 12 + len
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * 4
  const rgba = new Uint8Array(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    for (let x = 0; x < stride; x++) {
      const left = x >= 4 ? rgba[y * stride + x - 4] : 0
      const up = y > 0 ? rgba[(y - 1) * stride + x] : 0
      const upLeft = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4] : 0
      const p = left + up - upLeft
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)]
      const predictor = [0, left, up, (left + up) >> 1, pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft][filter]
      rgba[y * stride + x] = (raw[y * (stride + 1) + 1 + x] + predictor) & 0xff
    }
  }
  return { width, height, rgba }
}

const pixel = (rgba: Uint8Array, size: number, x: number, y: number) => Array.from(rgba.subarray((y * size + x) * 4, (y * size + x) * 4 + 4))

describe('tray icons', () => {
  it('exist for every state at every size the tray loads, each the size its name says', () => {
    expect(readdirSync(resolve(BUILD, 'tray')).sort()).toEqual(STATES.flatMap((s) => TRAY_SIZES.map((px) => `${s}-${px}.png`)).sort())
    for (const state of STATES)
      for (const px of TRAY_SIZES) {
        const { width, height, rgba } = readRgbaPng(resolve(BUILD, 'tray', `${state}-${px}.png`))
        expect([width, height]).toEqual([px, px])
        // A round badge: the corners are transparent, the middle opaque.
        expect(pixel(rgba, px, 0, 0)[3]).toBe(0)
        expect(pixel(rgba, px, px >> 1, px >> 1)[3]).toBe(255)
      }
  })

  it('differ by colour and by the shape of the white symbol, not by colour alone', () => {
    const px = 32
    const read = (state: (typeof STATES)[number]) => readRgbaPng(resolve(BUILD, 'tray', `${state}-${px}.png`)).rgba
    // Just inside the badge's left edge, away from the symbol: the state colour (green, grey, amber).
    const colours = new Set(STATES.map((s) => pixel(read(s), px, 3, 16).join()))
    expect(colours.size).toBe(3)
    const whiteMask = (state: (typeof STATES)[number]) => {
      const p = read(state)
      return Array.from({ length: px * px }, (_, i) => (p[i * 4] > 200 && p[i * 4 + 1] > 200 && p[i * 4 + 2] > 200 ? 1 : 0)).join('')
    }
    expect(new Set(STATES.map(whiteMask)).size).toBe(3)
  })
})

describe('app icons', () => {
  it('the Linux set and the 512 px source are PNGs of their named size, opaque inside, transparent at the corners', () => {
    const files: [string, number][] = [...[16, 32, 48, 64, 128, 256, 512].map((px): [string, number] => [`icons/${px}x${px}.png`, px]), ['icon.png', 512]]
    expect(readdirSync(resolve(BUILD, 'icons')).sort()).toEqual(files.filter(([f]) => f.startsWith('icons/')).map(([f]) => f.slice(6)).sort())
    for (const [file, px] of files) {
      const { width, height, rgba } = readRgbaPng(resolve(BUILD, file))
      expect([width, height], file).toEqual([px, px])
      expect(pixel(rgba, px, 0, 0)[3], file).toBe(0)
      expect(pixel(rgba, px, px >> 1, px >> 1)[3], file).toBe(255)
    }
  })
})
