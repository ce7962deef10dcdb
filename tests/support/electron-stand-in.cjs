// A recording stand-in for the `electron` module, for booting the real built main entry (out/main/index.js)
// under plain Node: `node --require tests/support/electron-stand-in.cjs out/main/index.js`, forked with an
// IPC channel. It fakes Electron only — every module of ours runs for real — and answers the test's
// commands over the IPC channel: `state` (what the app did to Electron), `invoke` (an IPC call from the
// page, trusted or not), `trayClick` (a tray menu item), `dialogAnswer` (what the user picks in the next
// folder dialog), `power` (a powerMonitor event, with the network up or down) and `quit` (the user quits).
//
// It also refuses every DNS lookup but localhost, so a boot test can never reach the real Bitfinex.
'use strict'
const Module = require('node:module')
const { EventEmitter } = require('node:events')
const dns = require('node:dns')
const path = require('node:path')

const root = process.env.LENDPACE_STAND_IN_ROOT
if (!root) throw new Error('LENDPACE_STAND_IN_ROOT must name a scratch folder for the stand-in app paths')

const refuseLookup = (hostname, options, callback) => {
  const cb = typeof options === 'function' ? options : callback
  if (hostname === 'localhost') return cb(null, '127.0.0.1', 4)
  const err = new Error(`the boot test allows no network: lookup of ${hostname} refused`)
  err.code = 'ENOTFOUND'
  process.nextTick(() => cb(err))
}
dns.lookup = refuseLookup

// Electron's own additions to `process` that the main entry reads.
process.resourcesPath = path.join(root, 'resources')
process.versions.electron = process.versions.electron ?? '45.4.1'
process.versions.chrome = process.versions.chrome ?? '142.0.0.0'

const record = {
  ipcHandlers: [],
  windows: [],
  trayMenus: [],
  trayTooltips: [],
  trayImages: [],
  notifications: [],
  errorBoxes: [],
  quitCalls: 0,
  beforeQuit: [],
  exitCode: null,
  loginItemSettings: [],
  clipboard: [],
  privilegedSchemes: [],
  protocolHandlers: [],
  openDialogs: []
}
let dialogAnswer = { canceled: true, filePaths: [] }
const handlers = new Map()
/** What net.isOnline() answers; the test's `power` command changes it. */
let online = true

const app = new EventEmitter()
Object.assign(app, {
  isPackaged: process.env.LENDPACE_STAND_IN_PACKAGED === '1',
  commandLine: { appendSwitch() {}, hasSwitch: () => false, getSwitchValue: () => '' },
  getPath: (name) => path.join(root, name),
  getVersion: () => '0.0.0-boot-test',
  getName: () => 'LendPace',
  getAppPath: () => process.cwd(),
  getLocale: () => 'en-US',
  setAppUserModelId() {},
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  isReady: () => true,
  getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
  setLoginItemSettings: (s) => record.loginItemSettings.push(s),
  quit() {
    record.quitCalls++
    let prevented = false
    const event = { preventDefault: () => void (prevented = true) }
    app.emit('before-quit', event)
    record.beforeQuit.push({ prevented })
    if (!prevented) {
      app.emit('will-quit', { preventDefault() {} })
      app.emit('quit')
    }
  },
  exit(code) {
    record.exitCode = code
  },
  setAsDefaultProtocolClient: () => true,
  dock: { hide() {}, show() {} }
})

let nextWebContentsId = 1
class WebContents extends EventEmitter {
  constructor() {
    super()
    this.id = nextWebContentsId++
    this.sent = []
    this.session = session.defaultSession
  }
  send(channel) {
    this.sent.push(channel)
  }
  setWindowOpenHandler() {}
  isDestroyed() {
    return false
  }
  openDevTools() {
    record.devToolsOpened = true
  }
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super()
    this.options = options
    this.webContents = new WebContents()
    this.destroyed = false
    this.visible = false
    this.loaded = null
    this.index = record.windows.length
    record.windows.push({ options: JSON.parse(JSON.stringify(options ?? {})), loaded: null, shown: false })
    BrowserWindow.all.push(this)
  }
  loadFile(file) {
    this.loaded = `file://${path.resolve(file)}`
    record.windows[this.index].loaded = this.loaded
    setImmediate(() => this.emit('ready-to-show'))
    return Promise.resolve()
  }
  loadURL(url) {
    this.loaded = url
    record.windows[this.index].loaded = url
    setImmediate(() => this.emit('ready-to-show'))
    return Promise.resolve()
  }
  show() {
    this.visible = true
    record.windows[this.index].shown = true
  }
  hide() {
    this.visible = false
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false
  }
  isVisible() {
    return this.visible
  }
  isDestroyed() {
    return this.destroyed
  }
  removeMenu() {}
  setMenu() {}
  close() {
    let prevented = false
    this.emit('close', { preventDefault: () => void (prevented = true) })
    if (!prevented) this.destroyed = true
  }
  static getAllWindows() {
    return BrowserWindow.all.filter((w) => !w.destroyed)
  }
}
BrowserWindow.all = []

// Like Electron's, an image holds one representation per scale factor and stays empty when a buffer
// is not a PNG of the size it claims (Electron decodes the PNG; this reads only its IHDR header).
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const pngSize = (buf) =>
  Buffer.isBuffer(buf) && buf.length >= 24 && buf.subarray(0, 8).equals(PNG_SIGNATURE) && buf.toString('ascii', 12, 16) === 'IHDR'
    ? { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) }
    : null
const image = () => {
  const reps = []
  return {
    reps,
    isEmpty: () => reps.length === 0,
    addRepresentation({ scaleFactor = 1, width, height, buffer }) {
      const size = pngSize(buffer)
      if (size && (width === undefined || width === size.width) && (height === undefined || height === size.height)) reps.push({ scaleFactor, ...size })
    },
    resize: () => image(),
    setTemplateImage() {},
    toPNG: () => Buffer.alloc(0),
    getSize: () => (reps.length ? { width: reps[0].width, height: reps[0].height } : { width: 0, height: 0 })
  }
}
const imageRecord = (img) => (img && img.reps ? img.reps.map((r) => `${r.scaleFactor}x:${r.width}x${r.height}`) : [])

class Tray extends EventEmitter {
  constructor(img) {
    super()
    Tray.all.push(this)
    this.menu = null
    record.trayImages.push(imageRecord(img))
  }
  setImage(img) {
    record.trayImages.push(imageRecord(img))
  }
  setToolTip(text) {
    record.trayTooltips.push(text)
  }
  setContextMenu(menu) {
    this.menu = menu
    record.trayMenus.push(menu.template.map((i) => ({ id: i.id ?? null, label: i.label ?? null, type: i.type ?? 'normal', enabled: i.enabled !== false })))
  }
  destroy() {}
}
Tray.all = []

const Menu = {
  buildFromTemplate: (template) => ({ template, items: template }),
  setApplicationMenu() {}
}

class Notification extends EventEmitter {
  static isSupported() {
    return true
  }
  constructor(options) {
    super()
    this.options = options
  }
  show() {
    record.notifications.push({ title: this.options.title, body: this.options.body })
  }
  close() {}
}

const session = {
  defaultSession: Object.assign(new EventEmitter(), {
    setPermissionRequestHandler() {},
    setPermissionCheckHandler() {},
    setDevicePermissionHandler() {},
    webRequest: { onHeadersReceived() {}, onBeforeRequest() {} },
    protocol: { handle: (scheme) => record.protocolHandlers.push(scheme), registerFileProtocol() {} }
  })
}

// Data encrypted by the stand-in keyring: reversible, and marked so it can never pass for plain text.
const safeStorage = {
  isEncryptionAvailable: () => true,
  isAsyncEncryptionAvailable: async () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptStringAsync: async (text) => Buffer.concat([Buffer.from('v11'), Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)]),
  decryptStringAsync: async (buf) => ({ result: Buffer.from(buf.subarray(3)).map((b) => b ^ 0x5a).toString('utf8'), shouldReEncrypt: false }),
  encryptString() {
    throw new Error('the sync safeStorage API is not used by LendPace')
  },
  decryptString() {
    throw new Error('the sync safeStorage API is not used by LendPace')
  }
}

const electron = {
  app,
  BrowserWindow,
  Tray,
  Menu,
  Notification,
  session,
  safeStorage,
  nativeImage: { createFromPath: image, createFromBuffer: image, createFromDataURL: image, createEmpty: image },
  ipcMain: Object.assign(new EventEmitter(), {
    handle(channel, fn) {
      handlers.set(channel, fn)
      record.ipcHandlers.push(channel)
    },
    removeHandler: (channel) => handlers.delete(channel)
  }),
  powerMonitor: new EventEmitter(),
  net: { isOnline: () => online },
  clipboard: { writeText: (t) => record.clipboard.push(t.length) },
  dialog: {
    showErrorBox: (title, content) => record.errorBoxes.push({ title, content }),
    // The user's answer to the next folder dialog (set with the `dialogAnswer` command); cancelled by default.
    showOpenDialog: async (window, options) => {
      record.openDialogs.push({ parentIsMainWindow: window === mainWindow(), properties: options?.properties ?? [] })
      return dialogAnswer
    },
    showMessageBox: async () => ({ response: 0 })
  },
  shell: { openExternal: async () => {} },
  protocol: {
    registerSchemesAsPrivileged: (schemes) => record.privilegedSchemes.push(...schemes.map((s) => s.scheme)),
    handle: (scheme) => record.protocolHandlers.push(scheme)
  },
  screen: { getPrimaryDisplay: () => ({ workAreaSize: { width: 1440, height: 900 } }) }
}

const originalLoad = Module._load
Module._load = function load(request, parent, isMain) {
  if (request === 'electron') return electron
  return originalLoad.call(this, request, parent, isMain)
}

function mainWindow() {
  return BrowserWindow.getAllWindows()[0] ?? null
}

async function invoke(channel, payload, trusted) {
  const fn = handlers.get(channel)
  if (!fn) return { bound: false }
  const win = mainWindow()
  const sender = trusted && win ? win.webContents : new WebContents()
  const frameUrl = trusted && win ? win.loaded : 'https://evil.example/'
  const event = { sender, senderFrame: { url: frameUrl, parent: null } }
  try {
    return { bound: true, reply: await fn(event, payload) }
  } catch (err) {
    return { bound: true, thrown: err instanceof Error ? err.message : String(err) }
  }
}

process.on('message', async (msg) => {
  let answer
  if (msg.cmd === 'state') answer = { ...record, windowShown: BrowserWindow.getAllWindows().map((w) => w.visible), sentToPage: mainWindow()?.webContents.sent ?? [] }
  else if (msg.cmd === 'invoke') answer = await invoke(msg.channel, msg.payload, msg.trusted !== false)
  else if (msg.cmd === 'trayClick') {
    const item = Tray.all[Tray.all.length - 1]?.menu?.template.find((i) => i.id === msg.item)
    if (item?.click) item.click()
    answer = { clicked: Boolean(item?.click) }
  } else if (msg.cmd === 'dialogAnswer') {
    dialogAnswer = msg.answer
    answer = { set: true }
  } else if (msg.cmd === 'power') {
    online = msg.online
    electron.powerMonitor.emit(msg.event)
    answer = { online }
  } else if (msg.cmd === 'quit') {
    app.quit()
    answer = { quitCalls: record.quitCalls }
  } else answer = { error: `unknown command ${msg.cmd}` }
  process.send({ id: msg.id, answer })
})
