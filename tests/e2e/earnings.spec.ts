// Earnings from the ledger with CSV export, and the backtest page over the shared recorded data.
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { connectGoodKey, expect, openApp, test } from './fixtures'
import { REPO_ROOT } from './stack'

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

const SHARED_DATA = resolve(REPO_ROOT, '..', 'shared', 'data', 'bitfinex')

test.describe('backtest', () => {
  test.skip(!existsSync(SHARED_DATA), `The shared data folder ${SHARED_DATA} is absent, so there is nothing to replay.`)

  test('runs over recorded data and compares the strategies in a chart and a table', async ({ page, stack, shot }) => {
    test.setTimeout(180_000)
    await openApp(page, stack.host)
    await page.getByTestId('nav-backtest').click()

    // Refused inline before anything is sent.
    await page.getByTestId('backtest-capital').fill('-5')
    await page.getByTestId('run-backtest').click()
    await expect(page.getByTestId('page-backtest')).toContainText('Choose a data folder.')
    await expect(page.getByTestId('page-backtest')).toContainText('Capital must be above zero.')

    await page.getByTestId('backtest-dir').fill(SHARED_DATA)
    await page.getByTestId('backtest-capital').fill('10000')
    await page.getByTestId('run-backtest').click()
    await expect(page.getByTestId('backtest-table').or(page.getByTestId('backtest-error'))).toBeVisible({ timeout: 150_000 })
    await expect(page.getByTestId('backtest-error')).toHaveCount(0)
    const rows = page.getByTestId('backtest-table').locator('tbody tr')
    await expect(rows).not.toHaveCount(0)
    await expect(page.getByTestId('backtest-table')).toContainText('IBRR')
    await expect(page.getByTestId('backtest-table')).toContainText('FRR auto-renew')
    // Every strategy under three calibrations, shown as a range, and the one-sentence verdict at the end.
    await expect(page.getByTestId('strategy-ibrr-bands')).toContainText(' to ')
    await expect(page.getByTestId('backtest-verdict')).toContainText('On this data IBRR earned')
    // One line per strategy in the table, except the hindsight bound (a number, not a curve).
    await expect(page.getByTestId('strategy-bound')).toBeVisible()
    await expect(page.getByTestId('backtest-chart').locator('path.recharts-line-curve')).toHaveCount((await rows.count()) - 1)
    await page.getByTestId('backtest-result').scrollIntoViewIfNeeded()
    await shot(page, 'backtest')
  })
})
