// Earnings from the ledger with CSV export (the backtest page has its own spec, backtest.spec.ts).
import { readFileSync } from 'node:fs'
import { connectGoodKey, expect, openApp, test } from './fixtures'

test('earnings come from the ledger and export as CSV', async ({ page, stack, shot }) => {
  await openApp(page, stack.host)
  await connectGoodKey(page, stack.keys.good)
  await page.getByTestId('go-live').click()
  await expect(page.getByTestId('offers-USD').getByTestId('offer-row').first()).toBeVisible({ timeout: 30_000 })

  // A borrower takes one of our offers and pays it back with interest (net of Bitfinex's fee).
  const { apiKey } = stack.keys.good
  const [offer] = (await stack.exchange.state(apiKey)).offers
  const { loanId } = (await stack.exchange.control('fill', { apiKey, offerId: offer.id })) as { loanId: number }
  await stack.exchange.control('return', { apiKey, loanId, interest: 1.2345 })

  await page.getByTestId('nav-earnings').click()
  await expect(page.getByTestId('page-earnings')).toBeVisible()
  await expect(page.getByTestId('earnings-source')).toContainText("Bitfinex's ledger")
  await expect(page.getByTestId('earnings-summary-USD')).toContainText('1.23 USD')
  await expect(page.getByTestId('earnings-table')).toContainText('1.23 USD')
  await shot(page, 'earnings')

  const download = page.waitForEvent('download')
  await page.getByTestId('export-csv').click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/\.csv$/)
  const csv = readFileSync(await file.path(), 'utf8')
  expect(csv.split('\n')[0].toLowerCase()).toContain('date')
  expect(csv).toContain('1.2345')
  await expect(page.getByTestId('export-done')).toContainText(file.suggestedFilename())
})
