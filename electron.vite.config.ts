import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { bundleReport } from './build/bundleReport'
import { lowerClassPrivateFields } from './build/lowerClassPrivateFields'

export default defineConfig({
  main: {
    build: {
      // Every runtime dependency is bundled, so the packaged app ships no node_modules at all
      // (build/electron-builder.yml excludes them): electron-store and conf are ESM-only (bundling keeps
      // the CJS main free of require(esm)); bfx-api-node-rest declares test libraries (dirty-chai, chai)
      // as dependencies, and bundling takes only the modules it really requires.
      externalizeDeps: { exclude: ['electron-store', 'conf', 'bfx-api-node-rest', 'zod', 'electron-updater'] },
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } }
    },
    // node-fetch's fallback URL parser is never used on Electron's Node (see the shim's comment).
    resolve: { alias: { 'whatwg-url': resolve(__dirname, 'build/shims/whatwg-url.ts') } },
    // Keeps out/main/index.js readable by the electronegativity scan (see the plugin's comment).
    plugins: [lowerClassPrivateFields(), bundleReport()]
  },
  preload: {
    build: {
      // The preload runs sandboxed, where require() knows only 'electron' and a few built-ins: bundle
      // zod and the contract into it instead of leaving require('zod') for a sandbox that cannot load it.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } } },
    plugins: [react()]
  }
})
