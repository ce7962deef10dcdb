// npm run -s check:bitfinex -- [--currency fUSD]... [--exchange-url URL]
// A read-only check a user runs with their real key before trusting LendPace with it: the key's
// permissions, the lendable balance, open offers and loans, the market, and what IBRR would place now
// (a dry run). It sends no write request at all. The key comes from BITFINEX_API_KEY and
// BITFINEX_API_SECRET or, on a terminal, from a prompt that does not echo; never from the command line
// (it would land in the shell history) and it is never printed.
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { CURRENCIES, fundingSymbol, type Currency, type KeyCheck } from '../../shared/domain'
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings'
import { systemClock } from '../platform/clock'
import { readAccount } from '../core/lending/cycle'
import { createBitfinexExchange, memoryNonceStore, type BitfinexExchange, type Credentials } from '../exchange/bitfinex'
import { verifyKey } from '../exchange/verifyKey'
import { formatSentenceApr } from '../../shared/rate'
import { formatRate, plan } from '../ibrr'
import { formatAmount } from '../ibrr/explain'
import { currencyArg } from './currencyArg'

const USAGE = 'usage: BITFINEX_API_KEY=... BITFINEX_API_SECRET=... npm run -s check:bitfinex -- [--currency fUSD]... [--exchange-url URL]'

type Out = (line: string) => void

function table(out: Out, head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => out(cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd())
  line(head)
  line(widths.map((w) => '-'.repeat(w)))
  for (const r of rows) line(r)
}

/** Reads a line from the terminal without echoing it (the secret must not appear on screen). */
async function promptHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write(question)
  // readline echoes each key through stdout: swallow it while the answer is typed.
  process.stdout.write = (() => true) as typeof process.stdout.write
  try {
    return (await rl.question('')).trim()
  } finally {
    process.stdout.write = write
    rl.close()
    write('\n')
  }
}

async function credentialsFromEnvOrPrompt(env: NodeJS.ProcessEnv): Promise<Credentials> {
  const apiKey = env.BITFINEX_API_KEY?.trim()
  const apiSecret = env.BITFINEX_API_SECRET?.trim()
  if (apiKey && apiSecret) return { apiKey, apiSecret }
  if (!process.stdin.isTTY)
    throw new Error('Set BITFINEX_API_KEY and BITFINEX_API_SECRET, or run this in a terminal to be asked for them.')
  return { apiKey: apiKey || (await promptHidden('Bitfinex API key: ')), apiSecret: apiSecret || (await promptHidden('Bitfinex API secret: ')) }
}

function reportPermissions(out: Out, check: KeyCheck): void {
  out('Key permissions')
  table(
    out,
    ['scope', 'read', 'write', 'verdict', 'why'],
    check.scopes.filter((s) => s.read || s.write || s.verdict !== 'ok').map((s) => [s.scope, s.read ? 'yes' : 'no', s.write ? 'yes' : 'no', s.verdict, s.reason])
  )
  out(check.accepted ? 'LendPace would accept this key.' : 'LendPace would REFUSE this key: see "why" above.')
  out('')
}

async function reportCurrency(out: Out, ex: BitfinexExchange, currency: Currency, settings: Settings, now: number): Promise<void> {
  out(`${currency} (${fundingSymbol(currency)})`)
  const balance = await ex.lendableBalance(currency)
  if (!balance.readable) {
    out(`  balance: not readable: ${balance.message} (needs ${balance.neededPermission})`)
    out('')
    return
  }
  const market = await ex.marketSnapshot(currency)
  const account = await readAccount(ex, currency, settings)
  const lent = account.loans.reduce((s, l) => s + l.amount, 0)
  const offered = account.offers.reduce((s, o) => s + o.amount, 0)
  table(
    out,
    ['available', 'in offers', 'lent', 'FRR', 'best ask', 'best bid', 'USD price'],
    [
      [
        formatAmount(account.available, currency),
        formatAmount(offered, currency),
        formatAmount(lent, currency),
        formatRate(market.ticker.frr),
        market.book.asks[0] ? formatRate(market.book.asks[0].rate) : '-',
        market.book.bids[0] ? formatRate(market.book.bids[0].rate) : '-',
        account.usdPrice.toString()
      ]
    ]
  )
  if (account.offers.length)
    table(out, ['offer', 'type', 'amount', 'rate', 'days'], account.offers.map((o) => [String(o.id), o.type, formatAmount(o.amount, currency), formatRate(o.rate), String(o.period)]))
  if (account.loans.length)
    table(out, ['loan', 'kind', 'amount', 'rate', 'days'], account.loans.map((l) => [String(l.id), l.kind, formatAmount(l.amount, currency), `${formatRate(l.rate)} ${l.rateType}`, String(l.period)]))
  const p = plan(market, account, settings, now)
  out('  Dry run (nothing is sent), with the default settings:')
  for (const c of p.cancel) out(`  would cancel ${c.offerId}: ${c.reason}`)
  for (const o of p.place)
    out(`  would place ${formatAmount(o.amount, currency)} ${o.type === 'LIMIT' ? `at ${formatRate(o.rate)} (${formatSentenceApr(o.rate)} before fee)` : 'at FRR'} for ${o.period} days`)
  for (const r of p.reasons) out(`  ${r}`)
  out('')
}

async function main(out: Out): Promise<boolean> {
  const { values } = parseArgs({
    options: { currency: { type: 'string', multiple: true }, 'exchange-url': { type: 'string' } }
  })
  const currencies = values.currency?.length ? [...new Set(values.currency.map(currencyArg))] : [...CURRENCIES]
  const creds = await credentialsFromEnvOrPrompt(process.env)
  const url = values['exchange-url']
  const ex = createBitfinexExchange({
    credentials: async () => creds,
    authUrl: url,
    publicUrl: url,
    clock: systemClock,
    // A fresh microsecond nonce: fine unless LendPace itself runs on this key right now (then stop it first).
    nonceStore: memoryNonceStore()
  })
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    currencies: Object.fromEntries(CURRENCIES.map((c) => [c, { ...DEFAULT_SETTINGS.currencies[c], enabled: currencies.includes(c) }])) as Settings['currencies']
  }
  out(`Bitfinex is ${(await ex.platformOperative()) ? 'operative' : 'IN MAINTENANCE'}.`)
  // The same verdict the app gives when the key is added (scopes, and the balance must be readable).
  const check = await verifyKey(ex)
  reportPermissions(out, check)
  for (const c of currencies) await reportCurrency(out, ex, c, settings, systemClock.now())
  out('Read-only: this check placed, cancelled and changed nothing.')
  return check.accepted
}

main((l) => process.stdout.write(`${l}\n`))
  // Exit 2 when LendPace would refuse the key, so a script can tell.
  .then((accepted) => process.exit(accepted ? 0 : 2))
  .catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`)
    process.exit(1)
  })
