// Turns anything thrown into one sentence for the user, at the edge. Stacks and raw responses stay out.
import { ZodError } from 'zod'
import type { ErrorKind } from '../../shared/errorKinds'
import { firstIssueSentence } from '../../shared/zodIssue'
import { isExchangeError } from '../exchange/errors'

interface UserError {
  kind: ErrorKind
  message: string
}

/** An error whose message is already written for the user (bad settings, missing key, ...). */
export class UserFacingError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string
  ) {
    super(message)
    this.name = 'UserFacingError'
  }
}

export function toUserError(err: unknown): UserError {
  if (isExchangeError(err)) return { kind: err.kind, message: err.message }
  if (err instanceof UserFacingError) return { kind: err.kind, message: err.message }
  if (err instanceof ZodError) return { kind: 'invalidRequest', message: firstIssueSentence(err, { fallback: 'invalid value' }) }
  return { kind: 'unknown', message: 'Something unexpected went wrong; the details are in the log.' }
}
