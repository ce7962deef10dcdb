// "Copy diagnostics" goes into support requests: it must name no path on the user's machine (a data
// folder path carries the user's name, e.g. /home/alice or C:\Users\alice).
import { homedir, userInfo } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../support/coreHarness'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ addKey: false })
})
afterAll(() => h.close())

describe('diagnostics', () => {
  it('names no absolute path: not the data folder, not the home folder, not the user name', async () => {
    const { text } = await h.call('getDiagnostics')
    expect(text).toContain('LendPace diagnostics')
    expect(text).not.toContain(h.dataDir)
    expect(text).not.toContain(homedir())
    expect(text).not.toMatch(/(^|[\s"'=:])\/(tmp|home|Users|root|var)\//m)
    expect(text).not.toMatch(/[A-Za-z]:\\/)
    if (userInfo().username.length > 3) expect(text).not.toContain(userInfo().username)
  })
})
