// Writes the packaging icons into build/ (run: npx tsx build/generate-icons.ts). Uses only Node
// built-ins and the same drawing code the app uses for its tray icons (src/main/desktop/iconArt.ts).
//   build/icon.png            512×512, electron-builder's source for the dmg/nsis icons
//   build/icons/NxN.png       the Linux icon set (AppImage, deb)
//   build/tray/<state>.png    the tray icons at 32×32, for reference and for the README
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { appIconPixels, trayIconPixels } from '../src/main/desktop/iconArt'
import { encodePng } from '../src/main/desktop/png'

const buildDir = __dirname
const write = (path: string, size: number, pixels: Uint8Array): void => {
  writeFileSync(path, encodePng(size, size, pixels))
  console.log(`wrote ${path.slice(buildDir.length + 1)} (${size}×${size})`)
}

write(join(buildDir, 'icon.png'), 512, appIconPixels(512))
mkdirSync(join(buildDir, 'icons'), { recursive: true })
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  write(join(buildDir, 'icons', `${size}x${size}.png`), size, appIconPixels(size))
}
mkdirSync(join(buildDir, 'tray'), { recursive: true })
for (const state of ['running', 'stopped', 'attention'] as const) {
  write(join(buildDir, 'tray', `${state}.png`), 32, trayIconPixels(state, 32))
}
