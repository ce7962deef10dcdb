// The activity log (issue 17.9): a fill appears as its own line, the lines a cycle repeats are folded,
// and the filters narrow the list.
import { connectGoodKey, expect, openApp, test } from './fixtures'

test('a fill appears in the activity log, repeated lines are folded, filters narrow it', async ({ page, stack, shot }) => {
  await openApp(page, stack.host)
  await connectGoodKey(page, stack.keys.good)
  await page.getByTestId('go-live').click()
  await expect(page.getByTestId('status-state')).toHaveText('Running')
  await expect(page.getByTestId('offers-USD').getByTestId('offer-row').first()).toBeVisible({ timeout: 30_000 })
  const log = page.getByTestId('activity-log')
  await expect(log.locator('[data-kind="start"]')).toBeVisible()

  // A borrower takes the first offer on the exchange; the next read of the account notices it.
  const offer = (await stack.exchange.state(stack.keys.good.apiKey)).offers[0]
  await stack.exchange.control('fill', { apiKey: stack.keys.good.apiKey, offerId: offer.id })
  // Stop and start: the start runs a cycle, and the cycle's account read finds the new loan.
  await page.getByTestId('stop-button').click()
  await expect(page.getByTestId('start-button')).toBeVisible()
  await page.getByTestId('start-button').click()

  const fill = log.locator('[data-kind="fill"]')
  await expect(fill).toHaveCount(1, { timeout: 30_000 })
  await expect(fill).toContainText(/Offer filled: [\d,.]+ USD lent at [\d.]+ % APR before fee/)
  // Once more: what the plan says again in this cycle is folded into the entry of the last one.
  await page.getByTestId('stop-button').click()
  await expect(page.getByTestId('start-button')).toBeVisible()
  await page.getByTestId('start-button').click()
  await expect(page.getByTestId('activity-fold').first()).toContainText(/\d+ times, /)
  await page.getByTestId('dashboard-activity').scrollIntoViewIfNeeded()
  await shot(page, 'activity-fill')

  await page.getByTestId('activity-filter-kind').selectOption('money')
  await expect(log.getByTestId('activity-item')).toHaveCount(1)
  await expect(log.getByTestId('activity-item').first()).toHaveAttribute('data-kind', 'fill')
  await page.getByTestId('activity-filter-kind').selectOption('errors')
  await expect(page.getByTestId('activity-empty')).toBeVisible()
  await page.getByTestId('activity-filter-kind').selectOption('all')
  await page.getByTestId('activity-filter-range').selectOption('7d')
  await expect(log.locator('[data-kind="fill"]')).toHaveCount(1)
})
