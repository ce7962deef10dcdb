import { describe, expect, it } from 'vitest'
import {
  createPassphraseCipher,
  DEFAULT_SCRYPT_COST,
  unlockPassphraseCipher
} from '../../src/main/core/vault/passphraseCipher'
import { UserFacingError } from '../../src/main/core/userError'

// 2^12 keeps each derivation in the low milliseconds; one test below uses the shipped default.
const FAST = { log2N: 12, r: 8, p: 1 }
const SECRET = 'Zx81kQp4Lr7TmW2vNc5bYh9dFs3gJk6aEu0oIi1lPz'
const PASS = 'correct horse battery staple'

const flip = (data: Uint8Array, at: number): Uint8Array => {
  const copy = new Uint8Array(data)
  copy[at] ^= 0x01
  return copy
}

describe('passphrase cipher (scrypt + AES-256-GCM)', () => {
  it('round-trips, and a later unlock with the same passphrase reads what was written', async () => {
    const cipher = await createPassphraseCipher(PASS, FAST)
    const blob = await cipher.encrypt(SECRET)
    expect((await cipher.decrypt(blob)).plain).toBe(SECRET)
    const reopened = await unlockPassphraseCipher(PASS, blob)
    expect((await reopened.decrypt(blob)).plain).toBe(SECRET)
    expect(await cipher.describe()).toEqual({ available: true, backend: 'scrypt', protected: true })
  })

  it('writes a versioned header and never the plain text; salt and IV are random per cipher/encryption', async () => {
    const a = await createPassphraseCipher(PASS, FAST)
    const b = await createPassphraseCipher(PASS, FAST)
    const a1 = Buffer.from(await a.encrypt(SECRET))
    const a2 = Buffer.from(await a.encrypt(SECRET))
    const b1 = Buffer.from(await b.encrypt(SECRET))
    expect(a1.subarray(0, 4).toString('ascii')).toBe('LPPC')
    expect(a1[4]).toBe(1)
    expect(a1.includes(Buffer.from(SECRET))).toBe(false)
    expect(a1.equals(a2)).toBe(false) // fresh IV each time
    expect(a1.subarray(8, 24).equals(b1.subarray(8, 24))).toBe(false) // different salts
  })

  it('refuses a wrong passphrase with a clear error that does not echo anything secret', async () => {
    const blob = await (await createPassphraseCipher(PASS, FAST)).encrypt(SECRET)
    const err = await unlockPassphraseCipher('wrong horse battery staple', blob).catch((e) => e)
    expect(err).toBeInstanceOf(UserFacingError)
    expect(err.kind).toBe('wrongPassphrase')
    expect(err.message).toMatch(/passphrase does not unlock/)
    expect(err.message).not.toContain(SECRET)
    expect(err.message).not.toContain('wrong horse')
  })

  it('detects tampering anywhere: header, salt, IV, body, tag', async () => {
    const cipher = await createPassphraseCipher(PASS, FAST)
    const blob = await cipher.encrypt(SECRET)
    // header byte (r), salt, iv, first body byte, last tag byte
    for (const at of [6, 10, 30, 40, blob.length - 1]) {
      const bad = flip(blob, at)
      await expect(cipher.decrypt(bad), `byte ${at}`).rejects.toBeInstanceOf(UserFacingError)
    }
    await expect(unlockPassphraseCipher(PASS, flip(blob, blob.length - 1))).rejects.toThrow(/passphrase does not unlock/)
  })

  it('refuses absurd scrypt parameters from a tampered file before spending memory on them', async () => {
    const blob = new Uint8Array(await (await createPassphraseCipher(PASS, FAST)).encrypt(SECRET))
    blob[5] = 40 // log2N = 40 would ask for terabytes
    await expect(unlockPassphraseCipher(PASS, blob)).rejects.toThrow(/bad passphrase parameters/)
    // Each field in range, but together 4 GiB (N = 2^20, r = 32): refused too.
    blob[5] = 20
    blob[6] = 32
    await expect(unlockPassphraseCipher(PASS, blob)).rejects.toThrow(/bad passphrase parameters/)
    await expect(unlockPassphraseCipher(PASS, new Uint8Array([1, 2, 3]))).rejects.toThrow(/not in the passphrase format/)
  })

  it('works with the shipped default cost', async () => {
    const cipher = await createPassphraseCipher(PASS, DEFAULT_SCRYPT_COST)
    const blob = await cipher.encrypt(SECRET)
    expect(Buffer.from(blob)[5]).toBe(DEFAULT_SCRYPT_COST.log2N)
    expect((await (await unlockPassphraseCipher(PASS, blob)).decrypt(blob)).plain).toBe(SECRET)
  })
})
