// Tray icons as nativeImages, drawn in code (iconArt) so nothing has to be found on disk inside the asar.
// Each image carries a 1× and a 2× representation for normal and HiDPI trays.
import { nativeImage, type NativeImage } from 'electron'
import { trayIconPixels } from './iconArt'
import { encodePng } from './png'
import type { TrayIconState } from './trayModel'

/** Linux trays (AppIndicator, KDE) draw 22 px icons; macOS menu bar and Windows tray 16 px. */
const BASE_SIZE = process.platform === 'linux' ? 22 : 16
const cache = new Map<TrayIconState, NativeImage>()

export function trayImage(state: TrayIconState): NativeImage {
  const hit = cache.get(state)
  if (hit) return hit
  const image = nativeImage.createEmpty()
  for (const scaleFactor of [1, 2]) {
    const size = BASE_SIZE * scaleFactor
    image.addRepresentation({ scaleFactor, width: size, height: size, buffer: encodePng(size, size, trayIconPixels(state, size)) })
  }
  cache.set(state, image)
  return image
}
