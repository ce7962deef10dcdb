// Restarts, as a user lives them: the window notices the service is gone and says so, reconnects by
// itself when it is back, and lending that was running resumes: at once in paper mode, and in live mode
// right after the passphrase is typed into the status panel of the page the user is on.
import { PASSPHRASE } from './stack'
import { connectGoodKey, expect, openApp, shownOfferCount, test } from './fixtures'

test('a host restart with the page open: the window says it lost the service, then reconnects and resumes', async ({ page, stack, shotThemes }) => {
  await openApp(page, stack.host)
  await page.getByTestId('try-paper').click()
  await expect(page.getByTestId('status-state')).toHaveText('Running')
  await expect(page.getByTestId('offers-USD').getByTestId('offer-row').first()).toBeVisible({ timeout: 30_000 })

  await stack.stopHost()
  await expect(page.getByTestId('connection-lost')).toBeVisible({ timeout: 15_000 })
  await expect(page.getByTestId('status-state')).toHaveText('Not connected')
  await expect(page.getByTestId('sidebar-status')).toContainText('Not connected')
  // Nothing still claims the loop is running on a schedule.
  await expect(page.getByTestId('status-panel')).not.toContainText('next in')
  await shotThemes(page, 'restart-service-gone')

  await stack.startHostAgain()
  await expect(page.getByTestId('connection-lost')).toHaveCount(0, { timeout: 20_000 })
  // Paper lending was running when the host stopped: it resumes by itself.
  await expect(page.getByTestId('status-state')).toHaveText('Running', { timeout: 30_000 })
  await expect(page.getByTestId('offers-USD').getByTestId('offer-row').first()).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('status-action-error')).toHaveCount(0)
  await shotThemes(page, 'restart-reconnected')
})

test('live lending resumes after a restart once the key is unlocked, inline, and shows the live offers meanwhile', async ({ page, stack, shotThemes }) => {
  await openApp(page, stack.host)
  await connectGoodKey(page, stack.keys.good)
  await page.getByTestId('go-live').click()
  await expect(page.getByTestId('status-state')).toHaveText('Running')
  await expect(page.getByTestId('offers-USD').getByTestId('offer-row').first()).toBeVisible({ timeout: 30_000 })
  const live = (await stack.exchange.state(stack.keys.good.apiKey)).offers.length
  expect(live).toBeGreaterThan(0)

  await stack.restartHost()
  // The page reconnects by itself; the key is locked, so lending waits for the passphrase, asked right here.
  const unlock = page.getByTestId('inline-unlock')
  await expect(unlock).toBeVisible({ timeout: 20_000 })
  await expect(page.getByTestId('status-state')).toHaveText('Stopped')
  await expect(page.getByTestId('inline-unlock-submit')).toHaveText('Unlock and resume lending')
  // The offers still on Bitfinex are shown from the last run, marked as such: never "No open offers".
  await expect(page.getByTestId('last-known-notice')).toBeVisible()
  await expect(page.getByTestId('currency-USD')).toContainText('last known')
  await expect(page.getByTestId('currency-USD')).not.toContainText('No open offers')
  expect(await shownOfferCount(page)).toBe((await stack.exchange.state(stack.keys.good.apiKey)).offers.length)
  // One sentence about the passphrase, not three.
  await expect(page.getByText(/passphrase/i)).toHaveCount(2) // the panel's sentence and the field's label
  await shotThemes(page, 'resume-locked')

  // A wrong passphrase is refused where it was typed, and kept for correcting.
  await page.getByTestId('inline-unlock-input').fill('not the passphrase')
  await page.getByTestId('inline-unlock-submit').click()
  await expect(page.getByTestId('inline-unlock-error')).toBeVisible()
  await expect(page.getByTestId('inline-unlock-input')).toHaveValue('not the passphrase')

  await page.getByTestId('inline-unlock-input').fill(PASSPHRASE)
  await page.getByTestId('inline-unlock-submit').click()
  await expect(page.getByTestId('status-state')).toHaveText('Running', { timeout: 30_000 })
  await expect(page.getByTestId('inline-unlock')).toHaveCount(0)
  await expect(page.getByTestId('last-known-notice')).toHaveCount(0)
  // Errors from before the unlock are gone.
  await expect(page.getByTestId('status-action-error')).toHaveCount(0)
  await expect(page.getByTestId('account-error')).toHaveCount(0)
  await expect(page.locator('.error-text')).toHaveCount(0)
  await expect.poll(() => shownOfferCount(page), { timeout: 30_000 }).toBe((await stack.exchange.state(stack.keys.good.apiKey)).offers.length)
  await shotThemes(page, 'resume-unlocked')
})
