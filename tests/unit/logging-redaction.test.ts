import { createHmac, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createMemoryLogger, createRedactor, REDACTED } from '../../src/main/core/logging'

const base62 = (n: number) => {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  return Array.from(randomBytes(n), (b) => abc[b % 62]).join('')
}

describe('redactor: registered secrets', () => {
  it('masks a registered secret wherever it appears, including inside a longer token', () => {
    const r = createRedactor()
    const secret = base62(43)
    r.registerSecret(secret)
    for (const text of [
      secret,
      `sig over ${secret}.`,
      `xx${secret}yy`,
      `{"a":"${secret}","b":["${secret}"]}`,
      `line1\n${secret}\nline3 ${secret}`
    ]) {
      const out = r.redactText(text)
      expect(out).not.toContain(secret)
      expect(out).toContain(REDACTED)
    }
    // Nearly the secret is not the secret: no over-masking of ordinary text.
    const almost = secret.slice(0, 42) + (secret[42] === 'A' ? 'B' : 'A')
    expect(r.redactText(`value ${almost}`)).toBe(`value ${almost}`)
  })

  it('masks passphrases with spaces and symbols, and overlapping secrets cleanly', () => {
    const r = createRedactor()
    r.registerSecret('my pass "phrase" 42!')
    r.registerSecret('abcdefgh12')
    r.registerSecret('gh12345678')
    expect(r.redactText('unlock with my pass "phrase" 42! now')).toBe(`unlock with ${REDACTED} now`)
    expect(r.redactText('xxabcdefgh12345678yy')).toBe(`xx${REDACTED}yy`)
  })

  it('ignores very short values (they would mask ordinary words)', () => {
    const r = createRedactor()
    r.registerSecret('USD')
    expect(r.redactText('lend USD')).toBe('lend USD')
  })
})

describe('redactor: patterns (secrets nobody registered)', () => {
  const r = createRedactor()
  const token = base62(43)

  it('96-hex HMAC-SHA384 signatures', () => {
    const sig = createHmac('sha384', 'k').update('m').digest('hex')
    expect(sig).toHaveLength(96)
    expect(r.redactText(`signed ${sig} ok`)).toBe(`signed ${REDACTED} ok`)
    // A 64-hex hash (e.g. a tx id) is not a signature.
    const sha256 = createHmac('sha256', 'k').update('m').digest('hex')
    expect(r.redactText(sha256)).toBe(sha256)
  })

  it('bfx-signature / bfx-apikey headers and apiKey / apiSecret / passphrase fields', () => {
    const cases = [
      `bfx-signature: ${token}`,
      `"bfx-apikey":"${token}"`,
      `{"apiKey":"${token}"}`,
      `{"apiSecret": "${token}"}`,
      `api_secret=${token}&x=1`,
      `passphrase='${token}'`
    ]
    for (const c of cases) expect(r.redactText(c), c).not.toContain(token)
  })

  it('long tokens right after key/secret words', () => {
    expect(r.redactText(`using key ${token} now`)).toBe(`using key ${REDACTED} now`)
    expect(r.redactText(`secret -> ${token}`)).not.toContain(token)
    // Ordinary numbers and words survive.
    expect(r.redactText('offer 123456 at rate 0.00021 for 2 days (key: funding)')).toBe(
      'offer 123456 at rate 0.00021 for 2 days (key: funding)'
    )
  })

  it('redactValue masks sensitive field names, flattens errors, and keeps JSON valid', () => {
    const err = Object.assign(new Error(`nope ${token}`), { kind: 'auth' })
    const v = r.redactValue({
      apiKey: 'short',
      nested: { apiSecret: 'x', passphrase: 'y', headers: { 'bfx-signature': 'z' }, fine: 'hello' },
      error: err,
      data: new Uint8Array(5),
      list: [1, 'two']
    }) as Record<string, Record<string, unknown> | string | unknown[]>
    expect(v.apiKey).toBe(REDACTED)
    expect(v.nested).toEqual({ apiSecret: REDACTED, passphrase: REDACTED, headers: { 'bfx-signature': REDACTED }, fine: 'hello' })
    expect(v.error).toMatchObject({ name: 'Error', kind: 'auth' })
    expect(v.data).toBe('[5 bytes]')
    expect(v.list).toEqual([1, 'two'])
  })
})

describe('memory logger', () => {
  it('writes parseable redacted JSON lines', () => {
    const logger = createMemoryLogger()
    const secret = base62(43)
    logger.redactor.registerSecret(secret)
    logger.log('error', `failed with ${secret}`, { error: new Error(`stack has ${secret}`), quote: 'a "quoted" \\ value' })
    const [entry] = logger.entries()
    expect(entry.level).toBe('error')
    expect(entry.fields?.quote).toBe('a "quoted" \\ value')
    expect(logger.text()).not.toContain(secret)
  })
})

describe('redactor: sentences shown to the user', () => {
  // The adapter's wrong-key sentence (src/main/exchange/bitfinex/errorMapping.ts), word for word.
  const WRONG_KEY =
    'Bitfinex did not accept the API key or its signature: check that the key and secret are correct and the key is still active.'

  it('leaves every ordinary word of the wrong-key sentence alone, with secrets registered', () => {
    const r = createRedactor()
    const apiKey = base62(43)
    const apiSecret = base62(43)
    r.registerSecret(apiKey)
    r.registerSecret(apiSecret)
    r.registerSecret('correct horse battery staple')
    expect(r.redactText(WRONG_KEY)).toBe(WRONG_KEY)
    expect(createMemoryLogger({ redactor: r }).redactor.redactText(WRONG_KEY)).toBe(WRONG_KEY)
  })

  it('still masks a registered secret inside such a sentence, and token-like field values', () => {
    const r = createRedactor()
    const apiSecret = base62(43)
    r.registerSecret(apiSecret)
    const out = r.redactText(`${WRONG_KEY} (sent ${apiSecret})`)
    expect(out).toBe(`${WRONG_KEY} (sent ${REDACTED})`)
    for (const value of ['hunter2', 'Xk9fQ2pL', 's3cr3t-value', 'abcdefghijklmnopqrstuvwxyz']) {
      expect(r.redactText(`password: ${value}`), value).toBe(`password: ${REDACTED}`)
    }
  })
})
