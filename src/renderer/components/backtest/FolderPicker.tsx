// Where the backtest's data comes from: the folders this LendPace may read, the desktop app's folder
// dialog (or, in the browser host, a path inside one of its folders), which files a folder needs, and
// what the chosen one holds.
import { useState } from 'react'
import { backtestDataFiles } from '../../../shared/contract'
import { fundingSymbol, type Currency } from '../../../shared/domain'
import { formatUtcDay } from '../../format'
import { ErrorText, Notice } from '../Feedback'
import { utcDay } from './replayWindow'
import type { BacktestFolder } from './useBacktestFolder'

const day = (mts: number) => formatUtcDay(utcDay(mts))
const days = (from: number | null, to: number | null) => (from === null || to === null ? '' : `${day(from)} to ${day(to)}`)

/** Which files a folder needs, in one sentence, before any folder is chosen. */
export function neededSentence(currency: Currency): string {
  const { book, volume, frr } = backtestDataFiles(currency)
  const bot = currency === 'USD' ? ' A real bot’s lendingbot-fills.csv, if there, is used to check the simulator.' : ''
  return `For ${fundingSymbol(currency)}, a folder needs ${book.files} (the order book) or ${volume.files} (traded volume), and ${frr.files} (the FRR), as Bitfinex’s public data or “npm run history” writes them.${bot}`
}

function FolderStatus({ folder, currency }: { folder: BacktestFolder; currency: Currency }) {
  const { check, checking, error } = folder
  if (error) return <ErrorText message={error} testId="backtest-folder-error" />
  if (checking) return <p className="muted" role="status">Checking the folder…</p>
  if (!check) return null
  const symbol = fundingSymbol(currency)
  return (
    <div className="backtest-folder-status" data-testid="backtest-folder-status">
      {check.ready && !check.missing ? <Notice tone="ok">This folder has what a {symbol} backtest needs.</Notice> : null}
      {check.missing ? (
        <Notice tone={check.ready ? 'warning' : 'danger'} testId="backtest-folder-missing">
          {check.missing}
        </Notice>
      ) : null}
      {check.found.length > 0 ? (
        <table className="table compact" data-testid="backtest-folder-files">
          <thead>
            <tr>
              <th>Found</th>
              <th>Files</th>
              <th>Covers (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {check.found.map((f) => (
              <tr key={f.what}>
                <td>{f.what}</td>
                <td className="path">{f.files.join(', ')}</td>
                <td>{days(f.from, f.to)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {check.span ? (
        <p className="muted" data-testid="backtest-span">
          The data can be replayed from {day(check.span.from)} to {day(check.span.to)} (UTC).
          {check.complete ? ` Order book, traded volume and FRR are all there from ${day(check.complete.from)} to ${day(check.complete.to)}.` : ''}
        </p>
      ) : null}
    </div>
  )
}

export function FolderPicker({ folder, currency }: { folder: BacktestFolder; currency: Currency }) {
  const [typed, setTyped] = useState('')
  const { folders, canChoose, dataDir } = folder
  return (
    <fieldset className="fieldset" data-testid="backtest-folders">
      <legend>Data folder</legend>
      <p className="field-hint" data-testid="backtest-needs">
        {neededSentence(currency)}
      </p>
      {folders.length > 0 ? (
        <div className="backtest-folder-list" role="radiogroup" aria-label="Folders LendPace may read">
          {folders.map((f) => (
            <label key={f} className="check">
              <input type="radio" name="bt-folder" value={f} checked={dataDir === f} onChange={() => (setTyped(''), folder.use(f))} data-testid="backtest-folder-option" />
              <span className="path">{f}</span>
            </label>
          ))}
        </div>
      ) : (
        <p className="muted" data-testid="backtest-no-folders">
          {canChoose
            ? 'No folder chosen yet.'
            : 'This LendPace was started without a data folder: start it with --backtest-data <folder> to replay the data in that folder.'}
        </p>
      )}
      {canChoose ? (
        <div className="form-actions">
          <button type="button" className="button" onClick={() => void folder.choose()} data-testid="backtest-choose-folder">
            Choose a folder…
          </button>
        </div>
      ) : folders.length > 0 ? (
        <div className="field">
          <label className="field-label" htmlFor="bt-dir">
            Or a folder inside one of these
          </label>
          <div className="input-row">
            <input
              id="bt-dir"
              type="text"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault()
                  folder.use(typed)
                }
              }}
              placeholder={`${folders[0]}/…`}
              spellCheck={false}
              data-testid="backtest-dir"
            />
            <button type="button" className="button" onClick={() => folder.use(typed)} disabled={typed.trim() === ''} data-testid="backtest-use-dir">
              Use
            </button>
          </div>
        </div>
      ) : null}
      <FolderStatus folder={folder} currency={currency} />
    </fieldset>
  )
}
