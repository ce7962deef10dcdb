// How the host's access token reaches the user without passing through a terminal, a shell history or a
// process list (argv is readable by every local user; stdout ends up in logs and CI output):
// - browser-host.json, owner-only (0600): { url, port, token } for tools and tests;
// - open-lendpace.html, owner-only: opening it in a browser jumps to the page with the token.
// Both are replaced on every start (the token is new each time) and removed when the host stops.
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'

const ACCESS_FILE_NAME = 'browser-host.json'
const OPENER_FILE_NAME = 'open-lendpace.html'
/** A fixed token for tests that restart the host with an open page; never needed by a user. */
export const TOKEN_ENV = 'LENDPACE_HOST_TOKEN'

interface AccessFiles {
  accessFile: string
  openerFile: string
  remove(): void
}

function writePrivate(path: string, text: string): void {
  const tmp = `${path}.tmp-${randomBytes(4).toString('hex')}`
  const fd = openSync(tmp, 'wx', 0o600)
  try {
    writeSync(fd, text)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, path)
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function writeAccessFiles(dir: string, access: { url: string; port: number; token: string }): AccessFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const accessFile = join(dir, ACCESS_FILE_NAME)
  const openerFile = join(dir, OPENER_FILE_NAME)
  writePrivate(accessFile, JSON.stringify(access) + '\n')
  const href = escapeHtml(access.url)
  writePrivate(
    openerFile,
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${href}"><title>LendPace</title><a href="${href}">Open LendPace</a>\n`
  )
  return {
    accessFile,
    openerFile,
    remove() {
      rmSync(accessFile, { force: true })
      rmSync(openerFile, { force: true })
    }
  }
}
