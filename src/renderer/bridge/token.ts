// The browser host hands the page its access token in the URL fragment (never sent to a server, never
// in logs). Take it once, keep it for this tab only, and remove it from the address bar so it is not
// bookmarked, shared in a screenshot or left in history.
const STORAGE_KEY = 'lendpace.hostToken'

export function takeHostToken(loc: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ''))
  const fromHash = params.get('token')
  if (fromHash) {
    storage.setItem(STORAGE_KEY, fromHash)
    window.history.replaceState(null, '', `${loc.pathname}${loc.search}`)
    return fromHash
  }
  return storage.getItem(STORAGE_KEY)
}
