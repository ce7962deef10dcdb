// Which IPC senders may call the contract: only the top frame of our own page. An iframe, a page the
// window was somehow navigated to, or a frame already gone (senderFrame null) is refused.
import { isOwnPageUrl, type AppLocation } from './appLocation'

/** What the check needs to know about the sending frame (Electron's WebFrameMain, reduced). */
interface SenderFrameInfo {
  url: string
  /** No parent frame: the top-level document of its window. */
  isMainFrame: boolean
}

export function isTrustedFrame(frame: SenderFrameInfo | null, location: AppLocation): boolean {
  if (!frame) return false
  if (!frame.isMainFrame) return false
  return isOwnPageUrl(frame.url, location)
}
