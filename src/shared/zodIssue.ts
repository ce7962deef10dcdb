// The first thing zod found wrong with a value, as one line a person can read: "where: what". Every
// boundary that refuses a value (contract calls, events, stored documents, datasets, Bitfinex's replies)
// words it through here, so the sentences read the same everywhere.
import type { z } from 'zod'

/** Where the first issue is ('' at the top level) and what zod says about it; null when it gave none. */
export function firstIssue(error: z.ZodError): { path: string; message: string } | null {
  const issue = error.issues[0]
  return issue ? { path: issue.path.map(String).join('.'), message: issue.message } : null
}

/**
 * "path: message" (the message alone at the top level), `fallback` when zod gave no issue. `pathLabel`
 * names what a path is where that helps ("column wait_minutes: ...").
 */
export function firstIssueSentence(error: z.ZodError, opts: { fallback: string; pathLabel?: string }): string {
  const issue = firstIssue(error)
  if (!issue) return opts.fallback
  if (!issue.path) return issue.message
  return `${opts.pathLabel ? `${opts.pathLabel} ` : ''}${issue.path}: ${issue.message}`
}
