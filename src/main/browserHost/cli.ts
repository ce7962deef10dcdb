// `npm run start:browser`: the core without Electron, served to a browser on 127.0.0.1.
// Prints one JSON line {url, port, accessFile, openerFile} on stdout (tests read it): the URL carries no
// token. The token is new on every start and reaches the user only through owner-only files in the data
// folder (accessFile.ts), or LENDPACE_HOST_TOKEN for tests; never argv, never stdout. Logs go to the data folder.
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { runBacktest } from '../backtest'
import { createAppCore } from '../core/createAppCore'
import { createFileLogger } from '../core/logging'
import { excludeMemoryFromCoreDumps } from '../core/vault'
import { TOKEN_ENV, writeAccessFiles } from './accessFile'
import { startBrowserHost } from './server'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: join(homedir(), '.lendpace') },
      port: { type: 'string', default: '0' },
      'renderer-dir': { type: 'string', default: resolve(__dirname, '../../../out/renderer') },
      'exchange-url': { type: 'string' },
      'paper-data': { type: 'string' },
      // The folders runBacktest may read (repeatable); the page cannot name any other.
      'backtest-data': { type: 'string', multiple: true, default: [] }
    }
  })
  const dataDir = resolve(values['data-dir']!)
  const logger = createFileLogger({ dir: join(dataDir, 'logs') })
  logger.log('info', 'browser host starting', { coreDumps: excludeMemoryFromCoreDumps() })
  // A test's fixed token is read once and removed, so child processes do not inherit it; otherwise the
  // host draws a new one.
  const token = process.env[TOKEN_ENV] || undefined
  delete process.env[TOKEN_ENV]
  // A fixed test exchange serves both Bitfinex hosts; without it the real hosts are used.
  const exchangeUrl = values['exchange-url']
  const paperData = values['paper-data'] ? resolve(values['paper-data']) : undefined
  const core = await createAppCore({
    dataDir,
    // No OS keyring under plain Node: the vault asks for a passphrase (or an explicit weak-storage opt-in).
    osCipher: null,
    logger,
    // The logger's redactor, so the key, secret and passphrase the vault registers are masked in this log too.
    redactor: logger.redactor,
    bitfinexUrls: exchangeUrl ? { auth: exchangeUrl, public: exchangeUrl } : undefined,
    paperDataDir: paperData,
    runBacktest
  })
  const backtestFolders = [...values['backtest-data']!.map((d) => resolve(d)), ...(paperData ? [paperData] : [])]
  const host = await startBrowserHost({ core, rendererDir: values['renderer-dir']!, port: Number(values.port), logger, token, backtestFolders })
  const files = writeAccessFiles(dataDir, { url: host.url, port: host.port, token: host.token })
  process.stdout.write(
    JSON.stringify({ url: `http://127.0.0.1:${host.port}/`, port: host.port, accessFile: files.accessFile, openerFile: files.openerFile }) + '\n'
  )
  process.stderr.write(`LendPace is running. Open ${pathToFileURL(files.openerFile).href} in your browser.\n`)

  const stop = async (): Promise<void> => {
    files.remove()
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
