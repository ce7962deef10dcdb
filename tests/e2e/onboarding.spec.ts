// Connecting a key: the guide, the live per-scope check, refusal of a withdraw-capable key, and the
// paper-mode path that needs no key at all.
import { STACK_TRACE, connectGoodKey, connectKey, expect, openApp, test } from './fixtures'
import { PASSPHRASE } from './stack'

test('onboarding with a good key: each scope is checked, the key is stored, lending starts', async ({ page, stack, shot }) => {
  await openApp(page, stack.host)
  // The token travels in the fragment once and is then removed from the address bar.
  expect(page.url()).not.toContain('token=')
  await expect(page.getByTestId('page-onboarding')).toBeVisible()
  await expect(page.getByTestId('key-guide')).toContainText('Withdrawal')
  await expect(page.getByTestId('key-guide')).toContainText('IP access')
  await expect(page.getByTestId('weak-storage')).toBeVisible()
  await shot(page, 'onboarding')

  await connectGoodKey(page, stack.keys.good)
  await expect(page.getByTestId('scope-funding')).toHaveAttribute('data-verdict', 'ok')
  await expect(page.getByTestId('scope-wallets')).toHaveAttribute('data-verdict', 'ok')
  await expect(page.getByTestId('scope-history')).toHaveAttribute('data-verdict', 'ok')
  await page.getByTestId('key-check').scrollIntoViewIfNeeded()
  await shot(page, 'onboarding-key-accepted')

  await page.getByTestId('go-live').click()
  await expect(page.getByTestId('page-dashboard')).toBeVisible()
  await expect(page.getByTestId('status-state')).toHaveText('Running')

  // The Key page shows the stored key masked, never in full.
  await page.getByTestId('nav-key').click()
  await expect(page.getByTestId('masked-key')).toHaveText(/^Lend.+AAAA$/)
  await expect(page.getByTestId('page-key')).not.toContainText(stack.keys.good.apiKey)
  await expect(page.getByTestId('page-key')).not.toContainText(stack.keys.good.apiSecret)
  await expect(page.getByTestId('vault-status')).toContainText('funding')
  await shot(page, 'key')
})

test('key management: a passphrase-protected key is locked after a restart, unlocks, and can be deleted', async ({ page, stack, shot }) => {
  await openApp(page, stack.host)
  await connectGoodKey(page, stack.keys.good)

  const host = await stack.restartHost()
  await openApp(page, host)
  await expect(page.getByTestId('page-dashboard')).toBeVisible()
  await page.getByTestId('nav-key').click()
  await expect(page.getByTestId('unlock-form')).toBeVisible()
  await shot(page, 'key-locked')
  await page.getByTestId('unlock-form').getByLabel('Passphrase').fill('not the passphrase')
  await page.getByTestId('unlock-form').getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByTestId('unlock-form').getByRole('alert')).toBeVisible()
  await expect(page.getByTestId('unlock-form').getByRole('alert')).not.toContainText(STACK_TRACE)
  await page.getByTestId('unlock-form').getByLabel('Passphrase').fill(PASSPHRASE)
  await page.getByTestId('unlock-form').getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByTestId('unlock-form')).toHaveCount(0)

  await page.getByTestId('delete-key').click()
  await page.getByTestId('confirm-delete-key').click()
  await expect(page.getByTestId('page-key')).toContainText('No key stored')
  await expect(page.getByTestId('nav-key')).toHaveCount(0)
  await expect(page.getByTestId('nav-onboarding')).toBeVisible()
})

test('a withdraw-capable key is refused with the reason shown and is not stored', async ({ page, stack, shot }) => {
  await openApp(page, stack.host)
  await connectKey(page, stack.keys.withdraw)

  const refusal = page.getByTestId('key-refused').or(page.getByTestId('add-key-error'))
  await expect(refusal).toBeVisible({ timeout: 30_000 })
  await expect(refusal).toContainText(/withdraw/i)
  await expect(refusal).not.toContainText(STACK_TRACE)
  await refusal.scrollIntoViewIfNeeded()
  await shot(page, 'onboarding-key-refused')

  // Nothing was stored: the sidebar still offers "Connect Bitfinex", not a key page for a key that is not there.
  await expect(page.getByTestId('nav-key')).toHaveCount(0)
  await expect(page.getByTestId('nav-onboarding')).toBeVisible()
  await expect(page.getByTestId('key-form')).toBeVisible()
})

test('inline checks refuse a malformed key before anything is sent', async ({ page, stack }) => {
  await openApp(page, stack.host)
  await page.getByLabel('API key').fill('not a key')
  await page.getByTestId('add-key-submit').click()
  await expect(page.getByTestId('key-form')).toContainText('The API key should be 20–64 letters and digits.')
  await expect(page.getByTestId('key-form')).toContainText('The API secret should be 20–64 letters and digits.')
  await expect(page.getByTestId('key-check')).toHaveCount(0)
})

test('paper mode first: no key, simulated lending starts and shows on the dashboard', async ({ page, stack, shot }) => {
  await openApp(page, stack.host)
  await page.getByTestId('try-paper').click()
  await expect(page.getByTestId('page-dashboard')).toBeVisible()
  await expect(page.getByTestId('status-panel')).toContainText('Paper mode')
  await expect(page.getByTestId('status-state')).toHaveText('Running')
  await expect(page.getByTestId('sidebar-status')).toContainText('paper')
  // The simulated account has money to lend: the loop places offers on the simulated book.
  await expect(page.getByTestId('offers-USD').getByTestId('offer-row').first()).toBeVisible({ timeout: 30_000 })
  await shot(page, 'dashboard-paper')
})
