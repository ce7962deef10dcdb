// Finds a Chromium for the end-to-end tests and prints its path; installs one when none is found, so
// `npm install && npm test` works on a fresh machine. Order: an explicit PLAYWRIGHT_CHROMIUM_EXECUTABLE,
// Debian/Ubuntu's chromium, chromium-browser, Playwright's own browser; then, when none exists, apt-get
// (only as root, where it needs no password) or Playwright's installer (where it can download). When
// nothing works it exits 1 with one sentence saying exactly what to run.
import { execFileSync, spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'

const say = (line) => process.stderr.write(`${line}\n`)

function executable(path) {
  if (!path) return false
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function onPath(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' })
  const path = r.status === 0 ? r.stdout.trim() : ''
  return executable(path) ? path : null
}

async function playwrightsOwn() {
  try {
    const { chromium } = await import('@playwright/test')
    const path = chromium.executablePath()
    return executable(path) ? path : null
  } catch {
    return null
  }
}

async function find() {
  const explicit = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE
  if (explicit) {
    if (executable(explicit)) return explicit
    say(`PLAYWRIGHT_CHROMIUM_EXECUTABLE=${explicit} is not an executable file; looking elsewhere.`)
  }
  if (executable('/usr/bin/chromium')) return '/usr/bin/chromium'
  return onPath('chromium') ?? onPath('chromium-browser') ?? (await playwrightsOwn())
}

function tryInstall() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (isRoot && onPath('apt-get')) {
    say('No Chromium found: installing Debian’s chromium with apt-get (root)…')
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] })
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
      return true
    } catch {
      say('apt-get could not install chromium.')
    }
  }
  say('No Chromium found: trying Playwright’s own browser download (npx playwright install chromium)…')
  const r = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'] })
  return r.status === 0
}

let path = await find()
if (!path && tryInstall()) path = await find()
if (!path) {
  say('No Chromium for the end-to-end tests: run `sudo apt-get install -y chromium` (Debian/Ubuntu) or `npx playwright install chromium`, or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chromium binary, then run `npm test` again.')
  process.exit(1)
}
process.stdout.write(`${path}\n`)
