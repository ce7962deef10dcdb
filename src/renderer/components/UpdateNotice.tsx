// "Restart to update", when the desktop app has downloaded a signed update. Restarting first hands the
// lending over to Bitfinex auto-renew (as quitting does), so money stays lent while the app is away.
// Shows nothing otherwise (no update, or a host that does not update itself).
import { useEffect, useState } from 'react'
import type { UpdateState } from '../../shared/contract'
import { getApi, userMessage } from '../bridge'
import { Notice } from './Feedback'

export function UpdateNotice() {
  const [update, setUpdate] = useState<UpdateState | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    const api = getApi()
    const off = api.on('update', setUpdate)
    api.getUpdateState().then(setUpdate, () => {})
    return off
  }, [])

  if (update?.kind !== 'ready' && update?.kind !== 'restarting') return null
  const restarting = update.kind === 'restarting'
  const restart = () => {
    setError(null)
    getApi()
      .restartToUpdate()
      .then(setUpdate, (e: unknown) => setError(userMessage(e)))
  }
  return (
    <Notice tone="info" testId="update-notice">
      {restarting
        ? `Handing your lending over to Bitfinex auto-renew, then restarting into LendPace ${update.version}…`
        : `LendPace ${update.version} is ready. Restarting hands your lending over to Bitfinex auto-renew while the app restarts.`}{' '}
      {restarting ? null : (
        <button type="button" className="button" onClick={restart} data-testid="update-restart">
          Restart to update
        </button>
      )}
      {error ? <span role="alert"> {error}</span> : null}
    </Notice>
  )
}
