import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // A safety net: if anything under test reaches require('electron'), fail fast instead of downloading.
    env: { ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent-electron' },
    setupFiles: ['tests/support/fastCheckSeed.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Used with --coverage (npm test does): the layers that hold the money logic keep at least 90 % of
    // their lines covered, or the run fails. The renderer is covered by Playwright instead.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.{ts,tsx}'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'test-results/coverage',
      thresholds: {
        'src/main/ibrr/**': { lines: 90 },
        'src/main/exchange/**': { lines: 90 },
        'src/main/core/**': { lines: 90 }
      }
    }
  }
})
