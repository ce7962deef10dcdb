// The folder a backtest reads: the ones this LendPace may read (picked in the desktop app's dialog, or
// given to the browser host when it started), the one chosen now, and what the app found in it. Every
// change of folder or currency checks it again; an answer for a folder no longer chosen is dropped.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { BacktestFolderCheck } from '../../../shared/contract'
import type { Currency } from '../../../shared/domain'
import { useAppStore } from '../../store/appStore'

export interface BacktestFolder {
  folders: string[]
  /** A native folder dialog is available (the desktop app). */
  canChoose: boolean
  dataDir: string
  check: BacktestFolderCheck | null
  checking: boolean
  error: string | null
  /** Use this folder (one of `folders`, or a path typed in the browser host) and check it. */
  use(dataDir: string): void
  choose(): Promise<void>
}

export function useBacktestFolder(currency: Currency): BacktestFolder {
  const listFolders = useAppStore((s) => s.listBacktestFolders)
  const chooseFolder = useAppStore((s) => s.chooseBacktestFolder)
  const checkFolder = useAppStore((s) => s.checkBacktestFolder)
  const [folders, setFolders] = useState<string[]>([])
  const [canChoose, setCanChoose] = useState(false)
  const [dataDir, setDataDir] = useState('')
  const [check, setCheck] = useState<BacktestFolderCheck | null>(null)
  const [checking, setChecking] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const latest = useRef({ dataDir: '', currency })

  useEffect(() => {
    void listFolders().then((r) => {
      if (!r.ok) return setError(r.message)
      setFolders(r.value.folders)
      setCanChoose(r.value.canChoose)
      setDataDir((current) => current || (r.value.folders[0] ?? ''))
    })
  }, [listFolders])

  useEffect(() => {
    latest.current = { dataDir, currency }
    setCheck(null)
    setError(null)
    if (!dataDir) return
    setChecking(true)
    void checkFolder({ dataDir, currency }).then((r) => {
      // Another folder or currency was chosen meanwhile: this answer is about something no longer shown.
      if (latest.current.dataDir !== dataDir || latest.current.currency !== currency) return
      setChecking(false)
      if (r.ok) setCheck(r.value)
      else setError(r.message)
    })
  }, [dataDir, currency, checkFolder])

  const use = useCallback((dir: string) => setDataDir(dir.trim()), [])

  const choose = useCallback(async () => {
    const r = await chooseFolder()
    if (!r.ok) return setError(r.message)
    const folder = r.value.folder
    if (folder === null) return
    setFolders((known) => [folder, ...known.filter((f) => f !== folder)])
    setDataDir(folder)
  }, [chooseFolder])

  return { folders, canChoose, dataDir, check, checking, error, use, choose }
}
