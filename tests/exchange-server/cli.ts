// Runs the test exchange as a process for Playwright/e2e tests:
//   npx tsx tests/exchange-server/cli.ts [--port N] [--seed N] [--seed-key KEY:SECRET:funding:rw,wallets:r[:USD=1000]]...
// Prints one JSON line {"url": ...} once listening, then serves until killed.
import { startTestExchange, type KeySpec } from './server'

function parseSeedKey(spec: string): KeySpec {
  const [apiKey, apiSecret, ...rest] = spec.split(':')
  if (!apiKey || !apiSecret) throw new Error(`--seed-key wants KEY:SECRET:scopes, got "${spec}"`)
  // Remaining text: "funding:rw,wallets:r" optionally followed by ",USD=1000" balance tokens.
  const tokens = rest.join(':').split(',').filter(Boolean)
  const balances: Record<string, number> = {}
  const scopes: string[] = []
  for (const t of tokens) {
    const bal = t.match(/^([A-Z]{3,4})=([\d.]+)$/)
    if (bal) balances[bal[1]] = Number(bal[2])
    else scopes.push(t)
  }
  return { apiKey, apiSecret, scopes, balances }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  let port: number | undefined
  let seed: number | undefined
  const keys: KeySpec[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    const v = args[i + 1]
    if (!v || !['--port', '--seed', '--seed-key'].includes(a)) throw new Error(`unknown argument ${a}`)
    if (a === '--port') port = Number(v)
    else if (a === '--seed') seed = Number(v)
    else keys.push(parseSeedKey(v))
    i++
  }
  const ex = await startTestExchange({ port, seed, keys })
  process.stdout.write(`${JSON.stringify({ url: ex.url })}\n`)
  const stop = () => void ex.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : e}\n`)
  process.exit(1)
})
