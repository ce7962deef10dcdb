// Live lending through the real core against the test exchange: offers after a cycle, stop and start,
// and an exchange outage shown as a sentence.
import type { Page } from '@playwright/test'
import { STACK_TRACE, connectGoodKey, expect, openApp, shownOfferCount, test } from './fixtures'
import type { ApiKey } from './stack'

async function goLive(page: Page, key: ApiKey): Promise<void> {
  await connectGoodKey(page, key)
  await page.getByTestId('go-live').click()
  await expect(page.getByTestId('page-dashboard')).toBeVisible()
  await expect(page.getByTestId('status-state')).toHaveText('Running')
}

test('the dashboard shows the offers the first cycle placed, as the exchange has them', async ({ page, stack, shot }) => {
  await openApp(page, stack.host)
  await goLive(page, stack.keys.good)

  const rows = page.getByTestId('offers-USD').getByTestId('offer-row')
  await expect(rows.first()).toBeVisible({ timeout: 30_000 })
  const onExchange = await stack.exchange.state(stack.keys.good.apiKey)
  expect(onExchange.offers.length).toBeGreaterThan(0)
  // Identical offers share a row with their count; together the rows are every offer on the exchange.
  expect(await shownOfferCount(page)).toBe(onExchange.offers.length)
  // Every row says the rate both ways and why IBRR placed it.
  await expect(rows.first()).toContainText('%/day')
  await expect(rows.first()).toContainText('APR before fee')
  await expect(rows.first().locator('td.reason')).not.toHaveText('')
  await expect(page.getByTestId('frr-USD')).toContainText('APR before fee')
  await expect(page.getByTestId('depth-chart-USD').locator('svg.recharts-surface')).toBeVisible()
  await expect(page.getByTestId('activity-log')).toContainText('USD')
  await shot(page, 'dashboard')
  await page.getByTestId('offers-USD').scrollIntoViewIfNeeded()
  await shot(page, 'dashboard-offers')
  await page.getByTestId('dashboard-activity').scrollIntoViewIfNeeded()
  await shot(page, 'dashboard-activity')
})

test('a saved floor re-plans at once, and the dashboard follows that cycle without fetching the market', async ({ page, stack }) => {
  await openApp(page, stack.host)
  await goLive(page, stack.keys.good)
  await expect(page.getByTestId('offers-USD').getByTestId('offer-row').first()).toBeVisible({ timeout: 30_000 })
  const marketAt = await page.getByTestId('market-at-USD').getAttribute('data-taken-at')
  const first = await stack.exchange.state(stack.keys.good.apiKey)
  // A floor half again above the highest offer the market gave us, in %/day as the form takes it.
  const floorPercent = Number((Math.max(...first.offers.map((o) => o.rate)) * 150).toPrecision(3))
  const marketCalls: string[] = []
  page.on('request', (r) => {
    if (r.url().includes('/api/call/getMarket') || r.url().includes('/api/call/getAccount')) marketCalls.push(r.url())
  })

  await page.getByTestId('nav-settings').click()
  await page.getByTestId('field-USD-minDailyRate').fill(String(floorPercent))
  await page.getByTestId('save-settings').click()
  await expect(page.getByTestId('settings-saved')).toBeVisible()
  await page.getByTestId('nav-dashboard').click()

  // Well before the 60 s timer: the re-plan replaced the offers with ones at or above the floor.
  const offersNow = async () => (await stack.exchange.state(stack.keys.good.apiKey)).offers
  await expect.poll(async () => (await offersNow()).filter((o) => o.rate * 100 >= floorPercent - 1e-12).length, { timeout: 15_000 }).toBeGreaterThan(0)
  const now = await offersNow()
  for (const o of now) expect(o.rate * 100).toBeGreaterThanOrEqual(floorPercent - 1e-12)
  // The dashboard shows them, and the market that cycle planned on, from its event: never fetched by the window.
  await expect(page.getByTestId('market-at-USD')).not.toHaveAttribute('data-taken-at', marketAt ?? '')
  await expect.poll(() => shownOfferCount(page)).toBe(now.length)
  const reasons = page.getByTestId('offers-USD').locator('td.reason')
  for (let i = 0; i < (await reasons.count()); i++) await expect(reasons.nth(i)).toContainText('your floor')
  expect(marketCalls).toEqual([])
})

test('stop and start', async ({ page, stack }) => {
  await openApp(page, stack.host)
  await goLive(page, stack.keys.good)

  await page.getByTestId('stop-button').click()
  await expect(page.getByTestId('status-state')).toHaveText('Stopped')
  await expect(page.getByTestId('sidebar-status')).toContainText('Stopped')
  await expect(page.getByTestId('status-message')).not.toHaveText('')

  await page.getByTestId('start-button').click()
  await expect(page.getByTestId('status-state')).toHaveText('Running')
  await expect(page.getByTestId('stop-button')).toBeVisible()
})

test('an exchange outage is shown as a sentence, not a stack trace', async ({ page, stack, shot }) => {
  await openApp(page, stack.host)
  await goLive(page, stack.keys.good)
  await expect(page.getByTestId('offers-USD').getByTestId('offer-row').first()).toBeVisible({ timeout: 30_000 })

  await stack.exchange.control('maintenance', { on: true })
  // A restart runs a cycle at once, which now meets the maintenance.
  await page.getByTestId('stop-button').click()
  await expect(page.getByTestId('start-button')).toBeVisible()
  await page.getByTestId('start-button').click()

  const said = page.getByTestId('status-message').or(page.getByTestId('status-action-error'))
  await expect(page.getByTestId('status-panel')).toContainText(/maintenance/i, { timeout: 30_000 })
  await expect(said.first()).not.toContainText(STACK_TRACE)
  await expect(page.getByTestId('activity-log')).toContainText(/maintenance/i)
  await expect(page.getByTestId('activity-log')).not.toContainText(STACK_TRACE)
  await shot(page, 'dashboard-outage')

  // When Bitfinex is back, the next cycle recovers.
  await stack.exchange.control('maintenance', { on: false })
  if (await page.getByTestId('stop-button').isVisible()) await page.getByTestId('stop-button').click()
  await page.getByTestId('start-button').click()
  await expect(page.getByTestId('status-state')).toHaveText('Running', { timeout: 30_000 })
  await expect(page.getByTestId('status-message')).not.toContainText(/maintenance/i, { timeout: 30_000 })
})

test('a failing gateway (HTTP 500) is reported as a sentence', async ({ page, stack }) => {
  await openApp(page, stack.host)
  await goLive(page, stack.keys.good)
  await stack.exchange.control('fault', { kind: 'http500', times: 50 })
  await page.getByTestId('stop-button').click()
  await page.getByTestId('start-button').click()
  const log = page.getByTestId('activity-log')
  await expect(log.locator('[data-kind="error"]').first()).toBeVisible({ timeout: 30_000 })
  await expect(log.locator('[data-kind="error"]').first()).not.toContainText(STACK_TRACE)
  await expect(page.getByTestId('status-panel')).not.toContainText(STACK_TRACE)
})
