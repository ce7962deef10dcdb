// The "is this our page?" rules behind the IPC sender check and the navigation block.
import { describe, expect, it } from 'vitest'
import { APP_INDEX_URL, appLocationFrom, isOwnPageUrl, pageUrl, type AppLocation } from '../../src/main/desktop/appLocation'
import { mayGrantPermission, mayNavigate, windowOpenDecision } from '../../src/main/desktop/navigationPolicy'
import { isTrustedFrame } from '../../src/main/desktop/senderPolicy'

const appLoc: AppLocation = { kind: 'app', rendererDir: '/opt/LendPace/resources/app.asar/out/renderer' }
const ownUrl = 'app://lendpace/index.html'
const devLoc: AppLocation = { kind: 'devServer', origin: 'http://localhost:5173' }

describe('appLocationFrom', () => {
  it('uses the built renderer over app:// when packaged, even if a dev server URL is set', () => {
    expect(appLocationFrom({ devServerUrl: 'http://localhost:5173', isPackaged: true, rendererDir: '/x' })).toEqual({ kind: 'app', rendererDir: '/x' })
  })
  it('uses a loopback dev server in development', () => {
    expect(appLocationFrom({ devServerUrl: 'http://localhost:5173/', isPackaged: false, rendererDir: '/x' })).toEqual(devLoc)
  })
  it('refuses a dev server that is not on this machine', () => {
    expect(appLocationFrom({ devServerUrl: 'http://evil.example:5173', isPackaged: false, rendererDir: '/x' }).kind).toBe('app')
  })
  it('loads app://lendpace/index.html, or the dev server', () => {
    expect(pageUrl(appLoc)).toBe(APP_INDEX_URL)
    expect(APP_INDEX_URL).toBe('app://lendpace/index.html')
    expect(pageUrl(devLoc)).toBe('http://localhost:5173')
  })
})

describe('isOwnPageUrl', () => {
  it('accepts our index.html with or without hash and query', () => {
    expect(isOwnPageUrl(ownUrl, appLoc)).toBe(true)
    expect(isOwnPageUrl(`${ownUrl}#/settings`, appLoc)).toBe(true)
    expect(isOwnPageUrl(`${ownUrl}?x=1`, appLoc)).toBe(true)
    expect(isOwnPageUrl('app://lendpace/', appLoc)).toBe(true)
  })
  it('refuses other files, other hosts, credentials, ports and other schemes (file:// included)', () => {
    expect(isOwnPageUrl('app://lendpace/other.html', appLoc)).toBe(false)
    expect(isOwnPageUrl('app://lendpace/assets/index.js', appLoc)).toBe(false)
    expect(isOwnPageUrl('app://attacker/index.html', appLoc)).toBe(false)
    expect(isOwnPageUrl('app://user:pw@lendpace/index.html', appLoc)).toBe(false)
    expect(isOwnPageUrl('app://lendpace:8080/index.html', appLoc)).toBe(false)
    expect(isOwnPageUrl('file:///opt/LendPace/resources/app.asar/out/renderer/index.html', appLoc)).toBe(false)
    expect(isOwnPageUrl('https://example.com/index.html', appLoc)).toBe(false)
    expect(isOwnPageUrl('not a url', appLoc)).toBe(false)
    expect(isOwnPageUrl('about:blank', appLoc)).toBe(false)
  })
  it('normalises dot segments and percent-encoding that still name our page', () => {
    expect(isOwnPageUrl('app://lendpace/assets/../index.html', appLoc)).toBe(true)
    expect(isOwnPageUrl('app://lendpace/%69ndex.html', appLoc)).toBe(true)
    expect(isOwnPageUrl('app://lendpace/%E0%A4%A', appLoc)).toBe(false)
  })
  it('matches the dev server by exact origin', () => {
    expect(isOwnPageUrl('http://localhost:5173/', devLoc)).toBe(true)
    expect(isOwnPageUrl('http://localhost:5173/src/main.tsx', devLoc)).toBe(true)
    expect(isOwnPageUrl('http://localhost:5174/', devLoc)).toBe(false)
    expect(isOwnPageUrl('http://127.0.0.1:5173/', devLoc)).toBe(false)
    expect(isOwnPageUrl('https://localhost:5173/', devLoc)).toBe(false)
  })
})

describe('isTrustedFrame (IPC sender check)', () => {
  it('trusts only the main frame of our own page', () => {
    expect(isTrustedFrame({ url: ownUrl, isMainFrame: true }, appLoc)).toBe(true)
    expect(isTrustedFrame({ url: ownUrl, isMainFrame: false }, appLoc)).toBe(false)
    expect(isTrustedFrame({ url: 'https://example.com/', isMainFrame: true }, appLoc)).toBe(false)
    expect(isTrustedFrame({ url: 'file:///home/u/Downloads/evil.html', isMainFrame: true }, appLoc)).toBe(false)
    expect(isTrustedFrame({ url: 'app://lendpace/assets/evil.html', isMainFrame: true }, appLoc)).toBe(false)
  })
  it('refuses a sender whose frame is gone', () => {
    expect(isTrustedFrame(null, appLoc)).toBe(false)
  })
})

describe('navigation and permissions', () => {
  it('blocks navigation anywhere but our page', () => {
    expect(mayNavigate(ownUrl, appLoc)).toBe(true)
    expect(mayNavigate('https://www.bitfinex.com/', appLoc)).toBe(false)
    expect(mayNavigate('http://localhost:5173/', appLoc)).toBe(false)
  })
  it('denies window.open and every permission', () => {
    expect(windowOpenDecision).toEqual({ action: 'deny' })
    for (const p of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'unknown']) {
      expect(mayGrantPermission(p)).toBe(false)
    }
  })
})
