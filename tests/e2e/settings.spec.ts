// Settings: refused inline with the shared schema's reason, saved through the core, and still there
// after the app restarts on the same data folder.
import { expect, openApp, test } from './fixtures'

test('invalid settings are refused inline with a reason and cannot be saved', async ({ page, stack, shot }) => {
  await openApp(page, stack.host)
  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('page-settings')).toBeVisible()

  await page.getByTestId('field-USD-maxPeriod').fill('1')
  await expect(page.getByTestId('error-USD-maxPeriod')).toHaveText("Bitfinex's shortest period is 2 days.")
  await page.getByTestId('field-loopIntervalSec').fill('5')
  await expect(page.getByTestId('error-loopIntervalSec')).toHaveText('Cycles closer than 30 s would exceed Bitfinex rate limits.')
  await page.getByTestId('field-USD-minDailyRate').fill('abc')
  await expect(page.getByTestId('error-USD-minDailyRate')).toContainText('Enter a rate in %/day as a number')
  await expect(page.getByTestId('save-settings')).toBeDisabled()
  await expect(page.getByTestId('tab-USD')).toHaveClass(/has-error/)
  await page.getByTestId('field-USD-maxPeriod').scrollIntoViewIfNeeded()
  await shot(page, 'settings-invalid')
})

test('valid settings persist across a restart of the app', async ({ page, stack, shot }) => {
  await openApp(page, stack.host)
  await page.getByTestId('nav-settings').click()

  // 0.03 %/day is 10.95 % APR before fee; the form says so next to the field.
  await page.getByTestId('field-USD-minDailyRate').fill('0.03')
  await expect(page.getByTestId('currency-settings-USD')).toContainText('10.95 % APR before fee')
  await page.getByTestId('field-USD-reserve').fill('250')
  await page.getByTestId('field-USD-maxPeriod').fill('30')
  await page.getByTestId('tab-BTC').click()
  await page.getByTestId('field-BTC-enabled').check()
  await page.getByTestId('field-loopIntervalSec').fill('120')
  await page.getByTestId('field-dryRun').check()
  await page.getByTestId('field-theme').selectOption('dark')
  await page.getByTestId('save-settings').click()
  await expect(page.getByTestId('settings-saved')).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.getByTestId('currency-settings-BTC').scrollIntoViewIfNeeded()
  await shot(page, 'settings')

  const host = await stack.restartHost()
  await openApp(page, host)
  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('field-USD-minDailyRate')).toHaveValue('0.03')
  await expect(page.getByTestId('field-USD-reserve')).toHaveValue('250')
  await expect(page.getByTestId('field-USD-maxPeriod')).toHaveValue('30')
  await expect(page.getByTestId('field-loopIntervalSec')).toHaveValue('120')
  await expect(page.getByTestId('field-dryRun')).toBeChecked()
  await expect(page.getByTestId('field-theme')).toHaveValue('dark')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.getByTestId('tab-BTC').click()
  await expect(page.getByTestId('field-BTC-enabled')).toBeChecked()
  await shot(page, 'settings-after-restart-dark')
})
