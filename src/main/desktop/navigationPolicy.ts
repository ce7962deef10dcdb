// The window never leaves our page: in-app routing is client-side, so any navigation, redirect or
// new window is either a bug or an attack (a link in untrusted text). All are refused.
import { isOwnPageUrl, type AppLocation } from './appLocation'

/** Navigation within our own page (a reload) is allowed; every other destination is refused. */
export function mayNavigate(url: string, location: AppLocation): boolean {
  return isOwnPageUrl(url, location)
}

/** window.open and target=_blank: always refused, we never open a second window. */
export const windowOpenDecision = { action: 'deny' } as const

/** Every permission (camera, notifications from the page, clipboard read, ...) is refused: the page needs none. */
export const mayGrantPermission = (_permission: string): boolean => false
