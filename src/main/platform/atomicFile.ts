// Whole-file writes that a crash cannot leave half-written: write a temporary file beside the target,
// then rename it over (a rename within one folder is atomic). Readers see the old file or the new one.
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

export async function writeFileAtomically(file: string, text: string, opts: { mode?: number } = {}): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  // The pid keeps two processes writing the same file from sharing one temporary file.
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, text, { encoding: 'utf8', ...(opts.mode === undefined ? {} : { mode: opts.mode }) })
  await rename(tmp, file)
}
