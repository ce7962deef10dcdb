import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { lowerClassPrivateFields } from './build/lowerClassPrivateFields'

export default defineConfig({
  main: {
    build: {
      // electron-store and conf are ESM-only; bundling them keeps the CJS main free of require(esm).
      externalizeDeps: { exclude: ['electron-store', 'conf'] },
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } }
    },
    // Keeps out/main/index.js readable by the electronegativity scan (see the plugin's comment).
    plugins: [lowerClassPrivateFields()]
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
