// Applies the security policies to Electron: CSP header and permission denial on the session, and for
// every webContents ever created, no navigation away, no new windows, no <webview>.
import type { App, Session, WebContents } from 'electron'
import type { AppLocation } from './appLocation'
import { contentSecurityPolicy, withCspHeader } from './contentSecurityPolicy'
import { mayGrantPermission, mayNavigate, windowOpenDecision } from './navigationPolicy'

export function hardenSession(session: Session, location: AppLocation): void {
  const csp = contentSecurityPolicy(location)
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders, csp) })
  })
  session.setPermissionRequestHandler((_webContents, permission, callback) => callback(mayGrantPermission(permission)))
  session.setPermissionCheckHandler((_webContents, permission) => mayGrantPermission(permission))
  // No device pickers either (HID, serial, USB, Bluetooth): the page never needs hardware.
  session.setDevicePermissionHandler(() => false)
}

export function hardenWebContents(contents: WebContents, location: AppLocation, onBlocked: (what: string, url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (!mayNavigate(url, location)) {
      event.preventDefault()
      onBlocked('navigation', url)
    }
  })
  contents.on('will-redirect', (event, url) => {
    if (!mayNavigate(url, location)) {
      event.preventDefault()
      onBlocked('redirect', url)
    }
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    onBlocked('webview', '')
  })
  contents.setWindowOpenHandler(({ url }) => {
    onBlocked('window.open', url)
    return windowOpenDecision
  })
}

/** Every webContents the app ever creates gets the same guards, not only the main window's. */
export function hardenAllWebContents(app: App, location: AppLocation, onBlocked: (what: string, url: string) => void): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, location, onBlocked))
}
