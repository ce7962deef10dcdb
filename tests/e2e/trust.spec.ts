// The moments that decide whether a person trusts the bot: what the money earns now, paper mode on one
// clock, what Stop does and does not do, and the security answers. Real host, real test exchange.
import type { Page } from '@playwright/test'
import { connectGoodKey, expect, openApp, test } from './fixtures'
import type { ApiKey } from './stack'

/** Walk the page with Tab from the top: every stop must be a control with a name (no empty stops such as chart graphics). */
async function tabStops(page: Page): Promise<string[]> {
  // A click on the brand (not focusable) moves the sequential focus start to the top of the page.
  await page.locator('.brand').click()
  const stops: string[] = []
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null
      const label = el instanceof HTMLInputElement ? el.labels?.[0]?.textContent : null
      // Chromium makes a scrolling box a Tab stop so keyboard users can scroll it: fine when it is named.
      const namedScroller = !!el && el.scrollHeight > el.clientHeight && !!el.getAttribute('aria-label')
      return el ? { tag: el.tagName, namedScroller, name: (el.getAttribute('aria-label') ?? label ?? el.textContent ?? '').trim() } : null
    })
    if (!focused || focused.tag === 'BODY' || stops.includes(focused.name)) break
    if (!focused.namedScroller) expect(['BUTTON', 'INPUT', 'SELECT', 'A', 'TEXTAREA'], `a Tab stop on a ${focused.tag}`).toContain(focused.tag)
    expect(focused.name, `focused ${focused.tag} has no name`).not.toBe('')
    stops.push(focused.name)
  }
  return stops
}

async function goLive(page: Page, key: ApiKey): Promise<void> {
  await connectGoodKey(page, key)
  await page.getByTestId('go-live').click()
  await expect(page.getByTestId('status-state')).toHaveText('Running')
  await expect(page.getByTestId('offers-USD').getByTestId('offer-row').first()).toBeVisible({ timeout: 30_000 })
}

test('earning now: the open loans\' interest a day after fee, and the blended rate of what is lent', async ({ page, stack, shotThemes }) => {
  await openApp(page, stack.host)
  await goLive(page, stack.keys.good)
  const { apiKey } = stack.keys.good
  const [offer] = (await stack.exchange.state(apiKey)).offers
  await stack.exchange.control('fill', { apiKey, offerId: offer.id })
  const loans = (await stack.exchange.state(apiKey)).loans as Array<{ amount: number; rate: number }>
  const perDay = loans.reduce((s, l) => s + l.amount * l.rate, 0) * 0.85
  const lent = loans.reduce((s, l) => s + l.amount, 0)

  // The glance follows the account as the loop's next cycle reads it (one account read per cycle serves
  // every figure): within one 60 s interval and its jitter. Open another page and come back meanwhile.
  test.setTimeout(150_000)
  await page.getByTestId('nav-earnings').click()
  await page.getByTestId('nav-dashboard').click()
  const line = page.getByTestId('earning-now')
  const shown = perDay < 1 ? perDay.toFixed(4) : perDay.toFixed(2)
  await expect(line).toContainText(`${shown} USD a day`, { timeout: 90_000 })
  await expect(line).toContainText(`${lent.toLocaleString('en-US', { minimumFractionDigits: 2 })} USD lent`)
  await expect(line).toContainText('APR after fee')
  await expect(page.getByTestId('earnings-glance')).toContainText('realized vs FRR')
  await expect(page.getByTestId('dashboard-glance')).not.toContainText(/\b1 days\b/)
  await page.getByTestId('dashboard-glance').scrollIntoViewIfNeeded()
  await shotThemes(page, 'earning-now')
  // The dashboard, charts included, has no Tab stop without a name.
  expect(await tabStops(page)).toContain('Stop lending')
})

test('paper mode: new offers are minutes old, not months, and loans have time left', async ({ page, stack, shotThemes }) => {
  await openApp(page, stack.host)
  await page.getByTestId('try-paper').click()
  await expect(page.getByTestId('status-state')).toHaveText('Running')
  const ages = page.getByTestId('offers-USD').getByTestId('offer-age')
  await expect(ages.first()).toBeVisible({ timeout: 30_000 })
  for (const age of await ages.allTextContents()) expect(age).toMatch(/^(<1m|\d{1,2}m)$/)
  for (const left of await page.getByTestId('loan-time-left').allTextContents()) expect(left).not.toMatch(/^-/)
  await page.getByTestId('offers-USD').scrollIntoViewIfNeeded()
  await shotThemes(page, 'paper-times')
})

test('Stop says the offers stay on the book; "cancel all my offers" removes them after a confirmation', async ({ page, stack, shotThemes }) => {
  await openApp(page, stack.host)
  await goLive(page, stack.keys.good)
  await expect(page.getByTestId('stop-hint')).toContainText('stay and can still be taken')
  await page.getByTestId('stop-button').click()
  await expect(page.getByTestId('status-state')).toHaveText('Stopped')
  await expect(page.getByTestId('status-message')).toContainText('stay there and can still be taken')
  const open = (await stack.exchange.state(stack.keys.good.apiKey)).offers.length
  expect(open).toBeGreaterThan(0)

  await page.getByTestId('cancel-all').click()
  await expect(page.getByTestId('status-panel')).toContainText(`Cancel ${open} open offers on Bitfinex now?`)
  await shotThemes(page, 'cancel-all-confirm')
  await page.getByTestId('confirm-cancel-all').click()
  await expect(page.getByTestId('cancel-all-done')).toHaveText(`Cancelled ${open} offers.`)
  expect((await stack.exchange.state(stack.keys.good.apiKey)).offers).toHaveLength(0)
  await expect(page.getByTestId('currency-USD')).toContainText('No open offers in USD.')
})

test('Security & help answers what the key can do, where it is kept, and what happens when the app is closed', async ({ page, stack, shotThemes }) => {
  await openApp(page, stack.host)
  await connectGoodKey(page, stack.keys.good)
  await page.getByTestId('nav-help').click()
  await expect(page.getByTestId('help-key-powers')).toContainText('cannot withdraw')
  await expect(page.getByTestId('help-key-powers')).toContainText('cannot trade')
  await expect(page.getByTestId('help-your-storage')).toContainText('protected by your passphrase')
  await expect(page.getByTestId('help-revoke')).toContainText('Revoke')
  await expect(page.getByTestId('help-revoke')).toContainText('90 days')
  await expect(page.getByTestId('help-ip-2fa')).toContainText('IP address')
  await expect(page.getByTestId('help-ip-2fa')).toContainText('two-factor')
  await expect(page.getByTestId('help-closed')).toContainText('auto-renew')
  await shotThemes(page, 'security-help')
  const stops = await tabStops(page)
  expect(stops).toContain('Security & help')
  expect(stops.length).toBeGreaterThan(6)
})

test('settings: spike sensitivity is a slider usable from the keyboard, and the interval says its range', async ({ page, stack, shotThemes }) => {
  await openApp(page, stack.host)
  await page.getByTestId('nav-settings').click()
  const slider = page.getByLabel('Spike sensitivity')
  await expect(slider).toHaveAttribute('type', 'range')
  await slider.focus()
  await page.keyboard.press('ArrowRight')
  await expect(slider).toHaveValue('0.55')
  await expect(page.getByTestId('page-settings')).toContainText('30 to 3600 seconds')
  // The currency tabs are one Tab stop; arrows move between them.
  await page.getByTestId('tab-USD').focus()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('tab-UST')).toBeFocused()
  await expect(page.getByTestId('currency-settings-UST')).toBeVisible()
  await shotThemes(page, 'settings-controls')
})
