import type { ErrorKind } from '../../shared/errorKinds'

/** An error the user may read: `message` is always a sentence from our side, never a stack or raw reply. */
export class BridgeError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind
  ) {
    super(message)
    this.name = 'BridgeError'
  }
}

/** The sentence to show for anything thrown by an action. Unknown throwables get a generic sentence. */
export function userMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message
  return 'Something went wrong; the details are in the app log.'
}
