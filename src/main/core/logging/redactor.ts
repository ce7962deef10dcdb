// Masks secrets in anything on its way to a log file or a diagnostics text. Two layers:
// 1. Secrets the app knows (the API key and secret, a passphrase) are registered when they enter memory
//    and found wherever they appear, even inside a longer token. They are remembered only as a rolling
//    hash plus an HMAC under a random per-process key, so the redactor itself keeps no plain copy.
// 2. Patterns for what we might not have registered: 96-hex HMAC-SHA384 signatures, bfx-signature /
//    bfx-apikey headers, apiKey / apiSecret / secret / passphrase fields, long tokens after key/secret words.
import { createHmac, randomBytes, randomInt } from 'node:crypto'

export const REDACTED = '[redacted]'

export interface Redactor {
  /** Remember a secret so it is masked wherever it appears. Values shorter than 8 characters are ignored. */
  registerSecret(value: string): void
  /** Mask registered secrets and secret-looking patterns in a string. */
  redactText(text: string): string
  /** A copy safe to serialize: sensitive field names masked, strings redacted, errors flattened. */
  redactValue(value: unknown): unknown
}

const MIN_SECRET_LENGTH = 8
// A prime below 2^26, so hash × base stays below 2^52 and exact in a double.
const MODULUS = 67_108_859

const SENSITIVE_FIELD =
  /((?:api[-_]?key|api[-_]?secret|secret|passphrase|password|bfx-signature|bfx-apikey|signature|authorization)["']?\s*[:=]\s*["']?)(?!\[redacted)([^"'\s,;}&\]\\]+)/gi
const HEX_SIGNATURE = /\b[0-9a-fA-F]{96}\b/g
const TOKEN_AFTER_WORD = /(\b(?:api[-_ ]?)?(?:key|secret|token)s?\b[^A-Za-z0-9\n]{1,12})([A-Za-z0-9]{40,64})\b/gi
// "…the API key or its signature: check that…" is a sentence, not a field: a value that is a plain
// word (letters only, lower case after the first, shorter than any key) is left alone. Registered
// secrets are masked by layer 1 whatever they look like, so this only narrows the guessing layer.
const ORDINARY_WORD = /^[A-Za-z][a-z]{0,19}$/
const isOrdinaryWord = (value: string): boolean => ORDINARY_WORD.test(value)
const SENSITIVE_KEY = /secret|passphrase|password|signature|authorization|credential|^api[-_]?key$|^bfx-apikey$/i

export function createRedactor(): Redactor {
  const hmacKey = randomBytes(32)
  const base = randomInt(257, MODULUS - 1)
  /** Per length: rolling-hash fingerprints (cheap filter) and HMACs (the confirmation). */
  const byLength = new Map<number, { pow: number; fingerprints: Set<number>; macs: Set<string> }>()

  const mac = (s: string) => createHmac('sha256', hmacKey).update(s, 'utf8').digest('base64')

  function fingerprint(s: string, from: number, length: number): number {
    let h = 0
    for (let i = from; i < from + length; i++) h = (h * base + s.charCodeAt(i)) % MODULUS
    return h
  }

  function secretRanges(text: string): Array<[number, number]> {
    const ranges: Array<[number, number]> = []
    for (const [length, entry] of byLength) {
      if (text.length < length) continue
      let h = fingerprint(text, 0, length)
      for (let i = 0; ; i++) {
        if (entry.fingerprints.has(h) && entry.macs.has(mac(text.slice(i, i + length)))) ranges.push([i, i + length])
        if (i + length >= text.length) break
        const out = (text.charCodeAt(i) * entry.pow) % MODULUS
        h = (((h - out + MODULUS) % MODULUS) * base + text.charCodeAt(i + length)) % MODULUS
      }
    }
    return ranges
  }

  function maskRanges(text: string, ranges: Array<[number, number]>): string {
    if (ranges.length === 0) return text
    ranges.sort((a, b) => a[0] - b[0])
    const merged: Array<[number, number]> = []
    for (const r of ranges) {
      const last = merged[merged.length - 1]
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
      else merged.push([r[0], r[1]])
    }
    let out = ''
    let at = 0
    for (const [start, end] of merged) {
      out += text.slice(at, start) + REDACTED
      at = end
    }
    return out + text.slice(at)
  }

  function redactText(text: string): string {
    const masked = byLength.size ? maskRanges(text, secretRanges(text)) : text
    return masked
      .replace(HEX_SIGNATURE, REDACTED)
      .replace(SENSITIVE_FIELD, (match, name: string, value: string) => (isOrdinaryWord(value) ? match : `${name}${REDACTED}`))
      .replace(TOKEN_AFTER_WORD, `$1${REDACTED}`)
  }

  function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
    if (typeof value === 'string') return redactText(value)
    if (value === null || typeof value === 'number' || typeof value === 'boolean' || value === undefined) return value
    if (typeof value === 'bigint') return value.toString()
    if (typeof value !== 'object') return undefined
    if (seen.has(value)) return '[circular]'
    if (depth > 6) return '[nested too deep]'
    seen.add(value)
    if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`
    if (value instanceof Error) {
      const e = value as Error & { kind?: unknown; code?: unknown; cause?: unknown }
      return redactValue(
        { name: e.name, message: e.message, kind: e.kind, code: e.code, stack: e.stack, cause: e.cause },
        depth + 1,
        seen
      )
    }
    if (Array.isArray(value)) return value.slice(0, 200).map((v) => redactValue(v, depth + 1, seen))
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue
      out[k] = SENSITIVE_KEY.test(k) && v !== null && v !== '' ? REDACTED : redactValue(v, depth + 1, seen)
    }
    return out
  }

  return {
    registerSecret(value) {
      if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return
      let entry = byLength.get(value.length)
      if (!entry) {
        let pow = 1
        for (let i = 1; i < value.length; i++) pow = (pow * base) % MODULUS
        entry = { pow, fingerprints: new Set(), macs: new Set() }
        byLength.set(value.length, entry)
      }
      entry.fingerprints.add(fingerprint(value, 0, value.length))
      entry.macs.add(mac(value))
    },
    redactText,
    redactValue: (v) => redactValue(v)
  }
}
