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
