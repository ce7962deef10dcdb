// The app and tray icons, drawn as shapes and rasterised with 4×4 supersampling. The tray icon's look
// carries the state twice, by colour and by symbol (a rising line, a bar, an exclamation mark), so it
// still reads in a monochrome tray or for colour-blind users.
import type { TrayIconState } from './trayModel'

type Rgba = readonly [number, number, number, number]
/** A shape in unit coordinates (0..1 across the icon): does it cover this point? */
type Shape = (x: number, y: number) => boolean
type Layer = { shape: Shape; color: Rgba | ((x: number, y: number) => Rgba) }

const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r

const roundedRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r))
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r))
    return dx * dx + dy * dy <= r * r
  }

/** A thick polyline with round joins and caps. */
const polyline =
  (points: readonly (readonly [number, number])[], width: number): Shape =>
  (x, y) => {
    const h = width / 2
    for (let i = 0; i + 1 < points.length; i++) {
      const [ax, ay] = points[i]
      const [bx, by] = points[i + 1]
      const vx = bx - ax
      const vy = by - ay
      const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)))
      if ((x - ax - t * vx) ** 2 + (y - ay - t * vy) ** 2 <= h * h) return true
    }
    return false
  }

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y))

/** Rasterise layers (painted in order, "over" compositing) into RGBA bytes. */
function rasterize(size: number, layers: readonly Layer[]): Uint8Array {
  const out = new Uint8Array(size * size * 4)
  const n = 4
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size
          const y = (py + (sy + 0.5) / n) / size
          // Composite this sample's layers, then average premultiplied samples.
          let sr = 0
          let sg = 0
          let sb = 0
          let sa = 0
          for (const layer of layers) {
            if (!layer.shape(x, y)) continue
            const c = typeof layer.color === 'function' ? layer.color(x, y) : layer.color
            const la = c[3] / 255
            sr = c[0] * la + sr * (1 - la)
            sg = c[1] * la + sg * (1 - la)
            sb = c[2] * la + sb * (1 - la)
            sa = la + sa * (1 - la)
          }
          r += sr
          g += sg
          b += sb
          a += sa
        }
      }
      const i = (py * size + px) * 4
      const samples = n * n
      const alpha = a / samples
      out[i] = alpha > 0 ? Math.round(r / samples / alpha) : 0
      out[i + 1] = alpha > 0 ? Math.round(g / samples / alpha) : 0
      out[i + 2] = alpha > 0 ? Math.round(b / samples / alpha) : 0
      out[i + 3] = Math.round(alpha * 255)
    }
  }
  return out
}

const WHITE: Rgba = [255, 255, 255, 255]
export const TRAY_COLORS: Record<TrayIconState, Rgba> = {
  running: [22, 163, 74, 255], // green
  stopped: [107, 114, 128, 255], // grey
  attention: [217, 119, 6, 255] // amber
}

const RISING_LINE: [number, number][] = [
  [0.26, 0.64],
  [0.42, 0.5],
  [0.54, 0.58],
  [0.74, 0.36]
]

const traySymbol: Record<TrayIconState, Shape> = {
  running: polyline(RISING_LINE, 0.11),
  stopped: roundedRect(0.27, 0.445, 0.73, 0.555, 0.05),
  attention: union(roundedRect(0.445, 0.24, 0.555, 0.6, 0.05), circle(0.5, 0.735, 0.065))
}

export function trayIconPixels(state: TrayIconState, size: number): Uint8Array {
  return rasterize(size, [
    { shape: circle(0.5, 0.5, 0.47), color: TRAY_COLORS[state] },
    { shape: traySymbol[state], color: WHITE }
  ])
}

/** The application icon: a teal rounded square with a rising rate line and a coin. */
export function appIconPixels(size: number): Uint8Array {
  const gradient = (_x: number, y: number): Rgba => {
    const t = Math.min(1, Math.max(0, y))
    return [Math.round(20 + 10 * t), Math.round(150 - 60 * t), Math.round(140 - 50 * t), 255]
  }
  return rasterize(size, [
    { shape: roundedRect(0.06, 0.06, 0.94, 0.94, 0.2), color: gradient },
    {
      shape: polyline(
        [
          [0.2, 0.7],
          [0.38, 0.52],
          [0.52, 0.6],
          [0.72, 0.36]
        ],
        0.075
      ),
      color: WHITE
    },
    { shape: circle(0.74, 0.3, 0.095), color: [250, 204, 21, 255] }
  ])
}
