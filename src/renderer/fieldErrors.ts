// Forms check their input with the contract's own schemas before sending; this turns a refusal into
// one sentence per field, the same way on every form.

/** What a form needs from a zod issue. */
export interface FieldIssue {
  code: string
  path: PropertyKey[]
  message: string
}

/** The schemas' own sentences are written for users; zod's generic type message ("Invalid input: …") is not. */
export const readableIssueMessage = (issue: FieldIssue): string =>
  issue.message.startsWith('Invalid input') ? 'Enter a number.' : issue.message

/** Errors keyed by dotted field path ("currencies.USD.maxPeriod"); the first issue on a field wins. */
export function errorsByField<I extends FieldIssue>(
  issues: readonly I[],
  message: (issue: I) => string = readableIssueMessage
): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const issue of issues) errors[issue.path.map(String).join('.')] ??= message(issue)
  return errors
}
