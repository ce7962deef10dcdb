// npm run check:bitfinex as a user runs it, against the test exchange: a read-only report (permissions,
// balance, offers, loans, market, the dry-run plan) that sends no write and never prints the key.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestExchange, type TestExchange } from '../exchange-server'
import { rawSignedPost } from '../exchange-server/testing'

const run = promisify(execFile)
const CLI = path.resolve(process.cwd(), 'src/main/cli/checkBitfinex.ts')
const TSX = path.resolve(process.cwd(), 'node_modules/.bin/tsx')
const apiKey = 'CheckKeyABCDEFGHIJ0123456789'
const apiSecret = 'CheckSecretZYXWVUT9876543210'

let ex: TestExchange
afterEach(async () => {
  await ex?.close()
})

const cli = (args: string[], env: Record<string, string> = { BITFINEX_API_KEY: apiKey, BITFINEX_API_SECRET: apiSecret }) =>
  run(TSX, [CLI, '--exchange-url', ex.url, ...args], { env: { ...process.env, ...env } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => e
  )

describe('check:bitfinex', () => {
  it('reports permissions, balance, offers, loans and what would be placed, and writes nothing', async () => {
    ex = await startTestExchange({ keys: [{ apiKey, apiSecret, scopes: ['funding:rw', 'wallets:r'], balances: { USD: 2_000 } }] })
    // An offer placed earlier (by the app), partly taken by a borrower: the check must show both.
    const placed = await rawSignedPost(ex.url, apiKey, apiSecret, '/auth/w/funding/offer/submit', Date.now() * 1000 - 60_000_000, {
      type: 'LIMIT', symbol: 'fUSD', amount: '500', rate: '0.0003', period: 7, flags: 0
    })
    const offerId = ((placed.body as unknown[])[4] as number[])[0]
    const loanId = ex.fill(apiKey, offerId, 200)
    ex.clearRequests()
    const res = await cli(['--currency', 'fUSD'])
    expect(res.stdout).toMatch(/LendPace would accept this key/)
    expect(res.stdout).toMatch(/1500\.00 USD +300\.00 USD +200\.00 USD/)
    expect(res.stdout).toMatch(new RegExp(`${offerId} +LIMIT +300\\.00 USD +0\\.0300 %/day +7`))
    expect(res.stdout).toMatch(new RegExp(`${loanId} +loan +200\\.00 USD`))
    expect(res.stdout).toMatch(/would place [\d.]+ USD at .+ for \d+ days/)
    expect(res.stdout).toMatch(/Read-only/)
    expect(`${res.stdout}${res.stderr}`).not.toContain(apiSecret)
    expect(`${res.stdout}${res.stderr}`).not.toContain(apiKey)
    const paths = ex.requests().map((r) => r.path)
    expect(paths.some((p) => p.includes('/auth/r/permissions'))).toBe(true)
    expect(paths.some((p) => p.includes('/auth/r/funding/offers/fUSD'))).toBe(true)
    expect(paths.some((p) => p.includes('/auth/r/funding/credits/fUSD'))).toBe(true)
    expect(paths.filter((p) => p.includes('/auth/w/'))).toEqual([])
    expect(ex.state(apiKey).offers.map((o) => o.id)).toEqual([offerId])
  }, 60_000)

  it('says why a key would be refused and exits 2', async () => {
    ex = await startTestExchange({ keys: [{ apiKey, apiSecret, scopes: ['funding:rw', 'withdraw:w'], balances: { USD: 500 } }] })
    const res = await cli(['--currency', 'USD'])
    expect(res.code).toBe(2)
    expect(res.stdout).toMatch(/REFUSE/)
    expect(res.stdout).toMatch(/withdraw/)
  }, 60_000)

  it('gives the same verdict as adding the key: a key that cannot read the balance is refused, naming the permission', async () => {
    ex = await startTestExchange({ keys: [{ apiKey, apiSecret, scopes: ['funding:rw'], balances: { USD: 500 } }] })
    const res = await cli(['--currency', 'USD'])
    expect(res.code).toBe(2)
    expect(res.stdout).toMatch(/REFUSE/)
    expect(res.stdout).toMatch(/Wallets \(read\)/)
  }, 60_000)

  it('without a key in the environment and no terminal, explains how to give one', async () => {
    ex = await startTestExchange()
    const res = await cli([], {})
    expect(res.code).toBe(1)
    expect(res.stderr).toMatch(/BITFINEX_API_KEY and BITFINEX_API_SECRET/)
  }, 60_000)
})
