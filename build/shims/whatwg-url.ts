// Stands in for the whatwg-url package in the main bundle. node-fetch 2 (under bfx-api-node-rest) only
// falls back to it on Node versions without a global URL (`Url.URL || whatwgUrl.URL`); Electron's Node
// always has one, so bundling whatwg-url and its 285 kB Unicode table (tr46) would ship dead weight.
import { URL, URLSearchParams } from 'node:url'

export { URL, URLSearchParams }
// node-fetch imports it as a default export.
export default { URL, URLSearchParams }
