// The backtest page as a person uses it in the browser host: the folders the host was started with
// (--backtest-data, the shared real recordings), what a folder needs and holds, days and strategies by
// plain names, refusals before anything runs, then the verdict, the chart and the bands.
import { existsSync } from 'node:fs'
import { expect, openApp, test } from './fixtures'
import { SHARED_DATA_DIR } from './stack'

test.describe('backtest', () => {
  test.skip(!existsSync(SHARED_DATA_DIR), `The shared data folder ${SHARED_DATA_DIR} is absent, so there is nothing to replay.`)

  test('checks the folder, then replays the chosen days and strategies with a verdict and bands', async ({ page, stack, shotThemes }) => {
    test.setTimeout(180_000)
    await openApp(page, stack.host)
    await page.getByTestId('nav-backtest').click()
    const pageEl = page.getByTestId('page-backtest')

    // The host's folder is offered and chosen; the page says which files a folder needs and what this one has.
    await expect(page.getByTestId('backtest-needs')).toContainText('fUSD-book-P0-hourly.csv')
    await expect(page.getByTestId('backtest-needs')).toContainText('fUSD-ticker-hourly.csv or fUSD-stats-hourly.csv')
    await expect(page.getByTestId('backtest-folder-option')).toHaveCount(1)
    await expect(page.getByTestId('backtest-folder-option')).toBeChecked()
    await expect(page.getByTestId('backtest-folder-status')).toContainText('This folder has what a fUSD backtest needs.')
    await expect(page.getByTestId('backtest-folder-files')).toContainText('lendingbot-fills.csv')
    await expect(page.getByTestId('backtest-span')).toContainText('from Jul 21, 2026 to Sep 2, 2026 (UTC)')
    // The days start where order book, traded volume and FRR all have data.
    await expect(page.getByTestId('backtest-from')).toHaveValue('2026-08-16')
    await expect(page.getByTestId('backtest-to')).toHaveValue('2026-08-22')
    // Plain names only: no engine ids on the page's controls.
    const strategies = page.getByTestId('backtest-strategies')
    await expect(strategies).toContainText('Bitfinex auto-renew at FRR')
    await expect(strategies).not.toContainText('frr-optimistic')
    await expect(strategies).not.toContainText('ibrr')

    // A currency the folder cannot replay: one sentence naming what is missing, and nothing runs.
    await page.getByTestId('backtest-currency').selectOption('BTC')
    await expect(page.getByTestId('backtest-folder-missing')).toHaveText(
      'This folder has no traded volume (fBTC-candles-1h.csv) and no FRR (fBTC-ticker-hourly.csv or fBTC-stats-hourly.csv) for fBTC: a backtest needs the FRR and the order book or traded volume.'
    )
    await page.getByTestId('run-backtest').click()
    await expect(page.getByTestId('backtest-dir-error')).toContainText('no FRR')
    await expect(page.getByTestId('backtest-result')).toHaveCount(0)

    // A folder the host was not started with is refused, in the same words whether it exists or not.
    await page.getByTestId('backtest-currency').selectOption('USD')
    const refusals: string[] = []
    for (const dir of ['/etc', '/no/such/folder']) {
      await page.getByTestId('backtest-dir').fill(dir)
      await page.getByTestId('backtest-use-dir').click()
      await expect(page.getByTestId('backtest-folder-error')).toHaveText(/^LendPace reads backtest data only from folders you chose for it/)
      refusals.push(await page.getByTestId('backtest-folder-error').innerText())
    }
    expect(refusals[0]).toBe(refusals[1])

    // Back to the chosen folder; dates outside the data and no strategy at all are refused inline.
    await page.getByTestId('backtest-folder-option').check()
    await expect(page.getByTestId('backtest-folder-status')).toContainText('This folder has what a fUSD backtest needs.')
    await page.getByTestId('backtest-from').fill('2026-07-01')
    for (const name of ['ibrr', 'frr', 'frr-optimistic', 'ladder', 'mika', 'undercut', 'lendingbot', 'oracle', 'bound']) await page.getByTestId(`backtest-strategy-${name}`).uncheck()
    await page.getByTestId('run-backtest').click()
    await expect(pageEl).toContainText('The data starts on Jul 21, 2026: choose that day or a later one.')
    await expect(pageEl).toContainText('Choose at least one strategy.')

    // Three days, five strategies and the hindsight ceiling.
    await page.getByTestId('backtest-from').fill('2026-08-17')
    await page.getByTestId('backtest-to').fill('2026-08-19')
    for (const name of ['ibrr', 'frr', 'ladder', 'mika', 'undercut', 'bound']) await page.getByTestId(`backtest-strategy-${name}`).check()
    await page.getByTestId('backtest-capital').fill('10000')
    await page.getByTestId('run-backtest').click()
    await expect(page.getByTestId('backtest-table').or(page.getByTestId('backtest-error'))).toBeVisible({ timeout: 150_000 })
    await expect(page.getByTestId('backtest-error')).toHaveCount(0)

    await expect(page.getByTestId('backtest-result')).toContainText('from Aug 17, 2026 to Aug 19, 2026')
    const rows = page.getByTestId('backtest-table').locator('tbody tr')
    await expect(rows).toHaveCount(6)
    await expect(page.getByTestId('backtest-table')).toContainText('LendPace (IBRR)')
    await expect(page.getByTestId('backtest-table')).toContainText('Bitfinex auto-renew at FRR')
    await expect(page.getByTestId('backtest-table')).not.toContainText('frr')
    await expect(page.getByTestId('strategy-oracle')).toHaveCount(0)
    // Every strategy under three market models, shown as a range, and the one-sentence verdict.
    await expect(page.getByTestId('strategy-ibrr-bands')).toContainText(' to ')
    await expect(page.getByTestId('backtest-verdict')).toContainText('On this data IBRR earned')
    // One line per strategy, except the hindsight ceiling (a number, not a curve); the y-axis says its unit.
    await expect(page.getByTestId('backtest-chart').locator('path.recharts-line-curve')).toHaveCount(5)
    await expect(page.getByTestId('backtest-chart')).toContainText('Earned, USD after fee')
    // The screenshots show the steady state: the service answering again after the run.
    await expect(page.getByTestId('sidebar-status')).not.toContainText('Not connected')
    await page.getByTestId('backtest-verdict').evaluate((el) => el.closest('section')?.scrollIntoView({ block: 'start' }))
    await shotThemes(page, 'backtest-result')
    await page.locator('.content').evaluate((el) => el.scrollTo(0, 0))
    await shotThemes(page, 'backtest-form')
  })
})
