// E2E: the built renderer (out/renderer) in Debian's Chromium, served by the real browser host, against
// the local test exchange. Each spec starts its own host and exchange (tests/e2e/fixtures.ts).
import { defineConfig } from '@playwright/test'

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // PLAYWRIGHT_JSON_OUTPUT_FILE (set by scripts/test.sh) decides where the json report goes.
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? 'test-results/pw.json' }]],
  use: {
    viewport: { width: 1024, height: 700 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      // scripts/test.sh finds (or installs) a Chromium and passes it here; Debian's is the default.
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync'
      ]
    }
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }]
})
