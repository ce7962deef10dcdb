// The "is this our page?" rules behind the IPC sender check and the navigation block.
import { describe, expect, it } from 'vitest'
import { appLocationFrom, isOwnPageUrl, type AppLocation } from '../../src/main/desktop/appLocation'
import { mayGrantPermission, mayNavigate, windowOpenDecision } from '../../src/main/desktop/navigationPolicy'
import { isTrustedFrame } from '../../src/main/desktop/senderPolicy'

const fileLoc: AppLocation = { kind: 'file', indexPath: '/opt/LendPace/resources/app.asar/out/renderer/index.html' }
const ownUrl = 'file:///opt/LendPace/resources/app.asar/out/renderer/index.html'
const devLoc: AppLocation = { kind: 'devServer', origin: 'http://localhost:5173' }

describe('appLocationFrom', () => {
  it('uses the built file when packaged, even if a dev server URL is set', () => {
    expect(appLocationFrom({ devServerUrl: 'http://localhost:5173', isPackaged: true, rendererIndexPath: '/x/index.html' })).toEqual({
      kind: 'file',
      indexPath: '/x/index.html'
    })
  })
  it('uses a loopback dev server in development', () => {
    expect(appLocationFrom({ devServerUrl: 'http://localhost:5173/', isPackaged: false, rendererIndexPath: '/x/index.html' })).toEqual(devLoc)
  })
  it('refuses a dev server that is not on this machine', () => {
    expect(appLocationFrom({ devServerUrl: 'http://evil.example:5173', isPackaged: false, rendererIndexPath: '/x/index.html' }).kind).toBe('file')
  })
})

describe('isOwnPageUrl', () => {
  it('accepts our index.html with or without hash and query', () => {
    expect(isOwnPageUrl(ownUrl, fileLoc)).toBe(true)
    expect(isOwnPageUrl(`${ownUrl}#/settings`, fileLoc)).toBe(true)
    expect(isOwnPageUrl(`${ownUrl}?x=1`, fileLoc)).toBe(true)
  })
  it('refuses sibling files, parent escapes that land elsewhere, other hosts and schemes', () => {
    expect(isOwnPageUrl('file:///opt/LendPace/resources/app.asar/out/renderer/other.html', fileLoc)).toBe(false)
    expect(isOwnPageUrl('file:///tmp/index.html', fileLoc)).toBe(false)
    expect(isOwnPageUrl('file:///opt/LendPace/resources/app.asar/out/renderer/../../../../../tmp/index.html', fileLoc)).toBe(false)
    expect(isOwnPageUrl('file://attacker/opt/LendPace/resources/app.asar/out/renderer/index.html', fileLoc)).toBe(false)
    expect(isOwnPageUrl('https://example.com/index.html', fileLoc)).toBe(false)
    expect(isOwnPageUrl('not a url', fileLoc)).toBe(false)
    expect(isOwnPageUrl('about:blank', fileLoc)).toBe(false)
  })
  it('normalises dot segments and percent-encoding that still name our file', () => {
    expect(isOwnPageUrl('file:///opt/LendPace/resources/app.asar/out/main/../renderer/index.html', fileLoc)).toBe(true)
    expect(isOwnPageUrl('file:///opt/LendPace/resources/app.asar/out/renderer/%69ndex.html', fileLoc)).toBe(true)
  })
  it('handles Windows paths case-insensitively', () => {
    const win: AppLocation = { kind: 'file', indexPath: 'C:\\Program Files\\LendPace\\resources\\app.asar\\out\\renderer\\index.html' }
    expect(isOwnPageUrl('file:///C:/Program%20Files/LendPace/resources/app.asar/out/renderer/index.html', win)).toBe(true)
    expect(isOwnPageUrl('file:///c:/program%20files/lendpace/resources/app.asar/out/renderer/INDEX.html', win)).toBe(true)
    expect(isOwnPageUrl('file:///D:/Program%20Files/LendPace/resources/app.asar/out/renderer/index.html', win)).toBe(false)
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
    expect(isTrustedFrame({ url: ownUrl, isMainFrame: true }, fileLoc)).toBe(true)
    expect(isTrustedFrame({ url: ownUrl, isMainFrame: false }, fileLoc)).toBe(false)
    expect(isTrustedFrame({ url: 'https://example.com/', isMainFrame: true }, fileLoc)).toBe(false)
    expect(isTrustedFrame({ url: 'file:///home/u/Downloads/evil.html', isMainFrame: true }, fileLoc)).toBe(false)
  })
  it('refuses a sender whose frame is gone', () => {
    expect(isTrustedFrame(null, fileLoc)).toBe(false)
  })
})

describe('navigation and permissions', () => {
  it('blocks navigation anywhere but our page', () => {
    expect(mayNavigate(ownUrl, fileLoc)).toBe(true)
    expect(mayNavigate('https://www.bitfinex.com/', fileLoc)).toBe(false)
    expect(mayNavigate('http://localhost:5173/', fileLoc)).toBe(false)
  })
  it('denies window.open and every permission', () => {
    expect(windowOpenDecision).toEqual({ action: 'deny' })
    for (const p of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'unknown']) {
      expect(mayGrantPermission(p)).toBe(false)
    }
  })
})
