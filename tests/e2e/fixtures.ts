// Playwright fixtures: every test gets its own test exchange, data folder and browser host, so tests
// cannot leak state into each other. `shot` saves a named screenshot under test-results/screenshots.
import { test as base, expect, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import {
  GOOD_SCOPES,
  PASSPHRASE,
  REPO_ROOT,
  WITHDRAW_SCOPES,
  makeDataDir,
  startExchange,
  startHost,
  uniqueKeys,
  type ApiKey,
  type HostProcess,
  type TestExchangeProcess
} from './stack'

export interface Stack {
  exchange: TestExchangeProcess
  host: HostProcess
  dataDir: string
  /** Keys registered on the exchange for this test only, each with 5,000 USD in its funding wallet. */
  keys: { good: ApiKey; withdraw: ApiKey }
  /** Stop the host and start a new one on the same data folder, port and token (an app restart). */
  restartHost(): Promise<HostProcess>
  /** The two halves of a restart, for a test that looks at the page while the host is down. */
  stopHost(): Promise<void>
  startHostAgain(): Promise<HostProcess>
}

const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots')

let keyCounter = 0

export const test = base.extend<
  {
    stack: Stack
    shot: (page: Page, name: string) => Promise<void>
    /** The same screenshot in the light and the dark theme (the app follows the system's by default). */
    shotThemes: (page: Page, name: string) => Promise<void>
    noUncaughtErrors: void
  },
  { exchange: TestExchangeProcess }
>({
  // Every test also proves the page threw nothing uncaught (a crash would hide behind a passing check).
  noUncaughtErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      await use()
      expect(errors, 'uncaught errors in the page').toEqual([])
    },
    { auto: true }
  ],
  // One exchange per worker (it takes seconds to start); each test gets its own keys on it.
  exchange: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const exchange = await startExchange()
      // Bitfinex limits calls per IP and endpoint; here every test's "user" shares one exchange and one IP,
      // so the tests of a worker would eat each other's budget (15 trades calls a minute, 90 per
      // authenticated endpoint) and fail by turns. The limits themselves have their own integration tests.
      for (const group of ['trades', 'stats1', 'fundingStats', 'candles', 'ticker', 'auth'])
        await exchange.control('ratelimit', { group, perMinute: 600 })
      await use(exchange)
      await exchange.stop()
    },
    { scope: 'worker' }
  ],
  stack: async ({ exchange }, use, testInfo) => {
    const keys = uniqueKeys(testInfo.workerIndex * 1000 + ++keyCounter)
    await exchange.control('keys', { ...keys.good, scopes: GOOD_SCOPES, balances: { USD: 5000 } })
    await exchange.control('keys', { ...keys.withdraw, scopes: WITHDRAW_SCOPES, balances: { USD: 5000 } })
    const data = makeDataDir()
    let host = await startHost({ dataDir: data.dir, exchangeUrl: exchange.url })
    const stack: Stack = {
      exchange,
      keys,
      get host() {
        return host
      },
      dataDir: data.dir,
      async restartHost() {
        await stack.stopHost()
        return stack.startHostAgain()
      },
      stopHost: () => host.stop(),
      async startHostAgain() {
        host = await startHost({ dataDir: data.dir, exchangeUrl: exchange.url, port: host.port, token: host.token })
        return host
      }
    }
    await use(stack)
    await host.stop()
    // Leave the shared exchange healthy for the next test.
    await exchange.control('maintenance', { on: false })
    await exchange.control('faults/clear', {})
    data.remove()
  },
  // eslint-disable-next-line no-empty-pattern
  shot: async ({}, use, testInfo) => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    await use(async (page, name) => {
      const path = join(SCREENSHOT_DIR, `${name}.png`)
      await page.screenshot({ path })
      await testInfo.attach(name, { path, contentType: 'image/png' })
    })
  },
  shotThemes: async ({ shot }, use) => {
    await use(async (page, name) => {
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme })
        await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme)
        await shot(page, `${name}-${colorScheme}`)
      }
      await page.emulateMedia({ colorScheme: 'light' })
    })
  }
})

/** Every open offer the dashboard shows for a currency, counting grouped rows by their count. */
export async function shownOfferCount(page: Page, currency = 'USD'): Promise<number> {
  const counts = await page.getByTestId(`offers-${currency}`).getByTestId('offer-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-count') ?? 1)))
  return counts.reduce((a, b) => a + b, 0)
}

export { expect }

/** Open the app from the host's printed link, as a user would. */
export async function openApp(page: Page, host: HostProcess): Promise<void> {
  // A restarted host keeps its address: leave first, so this is a fresh load and not a same-page jump.
  if (page.url() !== 'about:blank') await page.goto('about:blank')
  await page.goto(host.url)
  await expect(page.getByTestId('boot')).toHaveCount(0)
}

/** Onboarding with a key and a passphrase (there is no OS keyring under the browser host). */
export async function connectKey(page: Page, key: ApiKey): Promise<void> {
  await expect(page.getByTestId('page-onboarding')).toBeVisible()
  await page.getByLabel('API key').fill(key.apiKey)
  await page.getByLabel('API secret').fill(key.apiSecret)
  await page.getByTestId('passphrase-input').fill(PASSPHRASE)
  await page.getByTestId('add-key-submit').click()
}

export async function connectGoodKey(page: Page, key: ApiKey): Promise<void> {
  await connectKey(page, key)
  await expect(page.getByTestId('key-accepted')).toBeVisible({ timeout: 30_000 })
}

/** Texts that betray a stack trace or a raw exception instead of a sentence. */
export const STACK_TRACE = /\n\s+at |\bat [\w.<>]+ \(|[A-Za-z]*Error: |TypeError|ZodError|\{"|undefined/
