// Tray icons as nativeImages, from the committed PNGs in build/tray (<state>-<px>.png). The icon
// carries the state twice, by colour and by symbol (a rising line, a bar, an exclamation mark), so it
// still reads in a monochrome tray or for colour-blind users.
//
// electron-vite's `?asset` import copies each PNG into out/main and gives its path, so the files travel
// inside app.asar with the code that names them. They are read with fs, which Electron patches to read
// from the archive: "Node APIs like fs.readFile and require treat ASAR archives as virtual directories"
// (https://www.electronjs.org/docs/latest/tutorial/asar-archives).
/// <reference types="vite/types/importMeta.d.ts" />
import { readFileSync } from 'node:fs'
import { nativeImage, type NativeImage } from 'electron'
import type { TrayIconState } from './trayModel'

const PNG_FILES = import.meta.glob<string>('../../../build/tray/*.png', { query: '?asset', import: 'default', eager: true })

/** Linux trays (AppIndicator, KDE) draw 22 px icons; macOS menu bar and Windows tray 16 px. */
const BASE_SIZE = process.platform === 'linux' ? 22 : 16
const cache = new Map<TrayIconState, NativeImage>()

function pngFile(state: TrayIconState, size: number): string {
  const file = PNG_FILES[`../../../build/tray/${state}-${size}.png`]
  if (!file) throw new Error(`build/tray/${state}-${size}.png is missing from the build`)
  return file
}

/** The icon with a 1× and a 2× representation, for normal and HiDPI trays. */
export function trayImage(state: TrayIconState): NativeImage {
  const hit = cache.get(state)
  if (hit) return hit
  const image = nativeImage.createEmpty()
  for (const scaleFactor of [1, 2]) {
    const size = BASE_SIZE * scaleFactor
    image.addRepresentation({ scaleFactor, width: size, height: size, buffer: readFileSync(pngFile(state, size)) })
  }
  cache.set(state, image)
  return image
}
