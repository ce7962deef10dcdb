// The security choices a user makes in the page: how long a stopped app keeps the passphrase key
// unlocked (kept across a restart of the app).
import { connectGoodKey, expect, openApp, test } from './fixtures'

test('the auto-lock time is chosen on the API key page and survives a restart', async ({ page, stack, shot }) => {
  await openApp(page, stack.host)
  await connectGoodKey(page, stack.keys.good)
  await page.getByTestId('nav-key').click()
  const field = page.getByTestId('field-vault-auto-lock')
  await expect(field).toHaveValue('15')
  await field.selectOption({ label: 'after 5 minutes' })
  // The select follows the saved settings, so this waits for the save.
  await expect(field).toHaveValue('5')
  await shot(page, 'key-auto-lock')

  const host = await stack.restartHost()
  await openApp(page, host)
  await page.getByTestId('nav-key').click()
  await expect(page.getByTestId('field-vault-auto-lock')).toHaveValue('5')
})
