// Every kind of error a user can be shown, in one closed list by where it comes from, and the groups the
// app sorts them into (needs a person, offline, worth retrying, worth a notification). A new kind is a
// type error until it is listed here, and every group is decided here, in one place.
import { z } from 'zod'

export const ERROR_KINDS_BY_SOURCE = {
  /** Talking to Bitfinex (exchange/errors.ts, the adapters). */
  exchange: [
    'auth',
    'permission',
    'nonce',
    'rateLimit',
    'maintenance',
    'network',
    'timeout',
    'invalidOffer',
    /** Bitfinex refused an offer below its minimum (150 USD equivalent): back off, do not resend every cycle. */
    'belowMinimum',
    /** Bitfinex's "Limit: too many active offers": its cap on open offers (undocumented) is reached. */
    'tooManyOffers',
    'insufficientBalance',
    /** Anything not understood; also what toUserError says of an error that is not ours. */
    'unknown'
  ],
  /** The saved API key cannot be used (core/vault, desktop/safeStorageCipher): only the user can fix these. */
  vault: ['noKey', 'vaultLocked', 'wrongPassphrase', 'keyUnreadable', 'keyStoreUnavailable', 'keyStoreChanged', 'weakStorage'],
  /** A call refused at the edge (dispatch, the IPC binding, the browser host). */
  request: ['invalidRequest', 'forbidden', 'folderNotAllowed'],
  /** Features not available in this shell or run. */
  feature: ['backtest', 'updateUnavailable'],
  /**
   * The renderer's bridge to main (besides 'auth' and 'invalidRequest'): the background service does not
   * answer (not 'network': that is Bitfinex being unreachable, a sentence the user must see), or its reply
   * failed or cannot be read.
   */
  bridge: ['serviceUnreachable', 'protocol', 'remote']
} as const

type Source = keyof typeof ERROR_KINDS_BY_SOURCE
export type ExchangeErrorKind = (typeof ERROR_KINDS_BY_SOURCE.exchange)[number]
export type VaultErrorKind = (typeof ERROR_KINDS_BY_SOURCE.vault)[number]
export type ErrorKind = (typeof ERROR_KINDS_BY_SOURCE)[Source][number]

const ERROR_KINDS = Object.values(ERROR_KINDS_BY_SOURCE).flat() as [ErrorKind, ...ErrorKind[]]
export const errorKindSchema = z.enum(ERROR_KINDS)

/**
 * Errors only the user can fix: the loop keeps trying, but the status, the UI and the tray ask for
 * attention. A wrong or revoked key, a missing permission, another app using the key (nonce), and every
 * vault kind: a locked vault at cycle time cannot sign anything until the passphrase is typed.
 */
export const NEEDS_PERSON_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['auth', 'permission', 'nonce', ...ERROR_KINDS_BY_SOURCE.vault])

/** "Cannot reach Bitfinex": the loop backs off quietly instead of hammering a dead link. */
export const OFFLINE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['network', 'timeout'])

/** Exchange calls worth retrying automatically (bounded, jittered). The rest need a person or a new plan. */
export const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['network', 'timeout', 'unknown'])

/**
 * Error events worth a desktop notification: those that need a person, and Bitfinex's maintenance (the
 * user can do nothing, but lending pauses and they should know why). Not 'nonce': the adapter resyncs its
 * nonce and the next cycle usually succeeds; when it keeps failing, the status's "needs attention" says so.
 */
export const NOTIFIED_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([...[...NEEDS_PERSON_KINDS].filter((k) => k !== 'nonce'), 'maintenance'])
