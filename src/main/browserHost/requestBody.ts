// Reads a request body up to a cap. An announced Content-Length above the cap is refused before a
// byte is read; a body that grows past it mid-stream is refused as soon as it does (reading stops, and
// the caller answers 413 and closes the connection).
import type { IncomingMessage } from 'node:http'

type BodyRead = { ok: true; body: Buffer } | { ok: false; reason: 'tooLarge' | 'aborted' }

export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const announced = Number(req.headers['content-length'] ?? 0)
  if (Number.isFinite(announced) && announced > maxBytes) return Promise.resolve({ ok: false, reason: 'tooLarge' })
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (result: BodyRead) => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      if (!result.ok) req.pause()
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) return done({ ok: false, reason: 'tooLarge' })
      chunks.push(chunk)
    }
    const onEnd = () => done({ ok: true, body: Buffer.concat(chunks) })
    const onError = () => done({ ok: false, reason: 'aborted' })
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}
