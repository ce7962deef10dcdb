// `npm run start:browser`: the core without Electron, served to a browser on 127.0.0.1.
// Prints one JSON line {url, port, token} on stdout (tests read it); logs go to the data folder.
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createAppCore } from '../core/createAppCore'
import { createFileLogger } from '../core/logging'
import { startBrowserHost } from './server'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: join(homedir(), '.lendpace') },
      port: { type: 'string', default: '0' },
      'renderer-dir': { type: 'string', default: resolve(__dirname, '../../../out/renderer') },
      'exchange-url': { type: 'string' },
      'paper-data': { type: 'string' },
      token: { type: 'string' }
    }
  })
  const dataDir = resolve(values['data-dir']!)
  const logger = createFileLogger({ dir: join(dataDir, 'logs') })
  // A fixed test exchange serves both Bitfinex hosts; without it the real hosts are used.
  const exchangeUrl = values['exchange-url']
  const core = await createAppCore({
    dataDir,
    // No OS keyring under plain Node: the vault asks for a passphrase (or an explicit weak-storage opt-in).
    osCipher: null,
    logger,
    bitfinexUrls: exchangeUrl ? { auth: exchangeUrl, public: exchangeUrl } : undefined,
    paperDataDir: values['paper-data']
  })
  const host = await startBrowserHost({ core, rendererDir: values['renderer-dir']!, port: Number(values.port), logger, token: values.token })
  process.stdout.write(JSON.stringify({ url: host.url, port: host.port, token: host.token }) + '\n')

  const stop = async (): Promise<void> => {
    await core.shutdown()
    await host.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((err) => {
  process.stderr.write(`LendPace could not start: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
