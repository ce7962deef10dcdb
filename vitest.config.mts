import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // A safety net: if anything under test reaches require('electron'), fail fast instead of downloading.
    env: { ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent-electron' },
    testTimeout: 20_000,
    hookTimeout: 20_000
  }
})
