// The one typed contract between the renderer and the main process. Every channel has a request and
// a response schema; every event main pushes has a payload schema. The preload exposes exactly these
// as named functions on `window.lendpace`; the browser host serves the same names over HTTP.
// Both sides validate with these schemas, so nothing unchecked crosses the boundary.
import { z } from 'zod'
import {
  currencySchema,
  decisionSchema,
  fundingBookSchema,
  fundingTickerSchema,
  frrPointSchema,
  keyCheckSchema,
  offerSchema,
  loanSchema,
  scopeCheckSchema
} from './domain'
import { settingsPatchSchema, settingsSchema } from './settings'

export const serviceStatusSchema = z.object({
  state: z.enum(['stopped', 'running', 'error']),
  /** live = real Bitfinex with the user's key; paper = simulated exchange, no key needed. */
  mode: z.enum(['live', 'paper']),
  /** One sentence: why it is stopped or in error, or what it is doing. */
  message: z.string(),
  dryRun: z.boolean(),
  lastCycleAt: z.number().nullable(),
  nextCycleAt: z.number().nullable(),
  /** Something only the user can fix (key revoked, passphrase needed, permission missing). */
  needsAttention: z.boolean(),
  /** Lending was running when the app last closed and starts again as soon as the vault is unlocked. */
  resumeAfterUnlock: z.boolean().optional()
})
export type ServiceStatus = z.infer<typeof serviceStatusSchema>

export const offerViewSchema = offerSchema.extend({
  /** IBRR's sentence for why this offer is on the book, when the bot placed it. */
  reason: z.string().nullable()
})
export type OfferView = z.infer<typeof offerViewSchema>

export const currencySummarySchema = z.object({
  currency: currencySchema,
  /** Available in the funding wallet, not offered or lent; null when the key cannot read balances. */
  available: z.number().nullable(),
  offered: z.number(),
  lent: z.number(),
  /** available minus the reserve: money that earns nothing right now. */
  idle: z.number().nullable(),
  /** lent / (lent + offered + available), 0..1; null when the balance is unreadable. */
  utilization: z.number().nullable(),
  /** Which permission the key needs to read the balance, when it cannot. */
  balanceNote: z.string().nullable(),
  offers: z.array(offerViewSchema),
  loans: z.array(loanSchema)
})
export type CurrencySummary = z.infer<typeof currencySummarySchema>

export const marketViewSchema = z.object({
  currency: currencySchema,
  takenAt: z.number(),
  ticker: fundingTickerSchema,
  book: fundingBookSchema,
  frrHistory: z.array(frrPointSchema)
})
export type MarketView = z.infer<typeof marketViewSchema>

export const vaultStatusSchema = z.object({
  stored: z.boolean(),
  /** e.g. "abcd…wxyz": enough to recognise the key, never enough to use it. */
  maskedKey: z.string().nullable(),
  /** The cipher in use: 'safeStorage:<backend>' or 'passphrase'. */
  backend: z.string().nullable(),
  /** false when the OS store falls back to a hard-coded key (Linux basic_text) and no passphrase is used. */
  protected: z.boolean(),
  /** The vault needs the passphrase before the key can be used. */
  locked: z.boolean(),
  /** The OS keyring is unavailable here; offer the passphrase cipher or an explicit weak-storage opt-in. */
  osStorageWeak: z.boolean(),
  /** A weak OS store exists that the user may knowingly accept instead of a passphrase (false: none at all). */
  weakStorageOptIn: z.boolean(),
  scopes: z.array(scopeCheckSchema),
  addedAt: z.number().nullable(),
  lastVerifiedAt: z.number().nullable(),
  /** The key is older than 90 days: remind the user to rotate it. */
  rotationDue: z.boolean(),
  /** A sentence the UI shows when something needs the user (backend changed, key revoked, ...). */
  notice: z.string().nullable()
})
export type VaultStatus = z.infer<typeof vaultStatusSchema>

export const addKeyRequestSchema = z.object({
  apiKey: z.string().trim().regex(/^[A-Za-z0-9]{20,64}$/, 'The API key should be 20–64 letters and digits.'),
  apiSecret: z.string().trim().regex(/^[A-Za-z0-9]{20,64}$/, 'The API secret should be 20–64 letters and digits.'),
  /** Required when the OS store is weak, unless acceptWeakStorage is set. */
  passphrase: z.string().min(10, 'Use a passphrase of at least 10 characters.').optional(),
  acceptWeakStorage: z.boolean().optional()
})
export type AddKeyRequest = z.infer<typeof addKeyRequestSchema>

export const addKeyResultSchema = z.object({ check: keyCheckSchema, status: vaultStatusSchema })

export const earningsViewSchema = z.object({
  currency: currencySchema,
  /** ledger = Bitfinex's interest payments; recorded = what the app itself saw (key cannot read the ledger). */
  source: z.enum(['ledger', 'recorded']),
  neededPermission: z.string().nullable(),
  /** One row per UTC day, oldest first, amounts after Bitfinex's fee. */
  daily: z.array(z.object({ day: z.string(), amount: z.number(), cumulative: z.number() })),
  total: z.number(),
  /** Realized APR after fee over the shown days, and FRR's APR before fee over the same days. */
  realizedAprNet: z.number().nullable(),
  frrApr: z.number().nullable()
})
export type EarningsView = z.infer<typeof earningsViewSchema>

export const strategyResultSchema = z.object({
  netApr: z.number(),
  utilization: z.number(),
  avgRate: z.number(),
  earnings: z.number(),
  placed: z.number(),
  cancelled: z.number(),
  /** Cumulative earnings over time, for the chart. */
  curve: z.array(z.object({ mts: z.number(), earnings: z.number() }))
})
export type StrategyResult = z.infer<typeof strategyResultSchema>

export const backtestReportSchema = z.object({
  currency: currencySchema,
  capital: z.number(),
  from: z.number(),
  to: z.number(),
  /** Assumptions the numbers depend on, in sentences (fill model, FRR fill, data gaps). */
  notes: z.array(z.string()),
  strategies: z.record(z.string(), strategyResultSchema)
})
export type BacktestReport = z.infer<typeof backtestReportSchema>

/** The account as the last successful read saw it, kept on disk so a locked or offline start still shows it. */
export const lastKnownAccountSchema = z.object({
  at: z.number(),
  mode: z.enum(['live', 'paper']),
  account: z.array(currencySummarySchema)
})
export type LastKnownAccount = z.infer<typeof lastKnownAccountSchema>

/** A realized-earnings window: APR after fee on the money in the wallet, and FRR's APR after fee over the same days. */
export const glanceWindowSchema = z.object({
  /** The window asked for (7 or 30 days). */
  days: z.number(),
  /** Days the ledger actually covers inside it (fewer when lending began recently). */
  coveredDays: z.number(),
  earned: z.number(),
  realizedAprNet: z.number().nullable(),
  frrAprNet: z.number().nullable()
})
export type GlanceWindow = z.infer<typeof glanceWindowSchema>

/** "What my money earns now" for one currency, or for all of them in the display currency. */
export const glanceFiguresSchema = z.object({
  /** Interest per day from the loans open now, after Bitfinex's fee. */
  earningPerDay: z.number(),
  lent: z.number(),
  /** Amount-weighted daily rate of what is lent now, before fee; null when nothing is lent. */
  blendedDailyRate: z.number().nullable(),
  windows: z.array(glanceWindowSchema)
})
export type GlanceFigures = z.infer<typeof glanceFiguresSchema>

export const earningsGlanceSchema = z.object({
  at: z.number(),
  rows: z.array(glanceFiguresSchema.extend({ currency: currencySchema, source: z.enum(['ledger', 'recorded']) })),
  /** All currencies with a known price, converted to the display currency. */
  total: glanceFiguresSchema.extend({
    displayCurrency: currencySchema,
    /** Currencies left out of the total because LendPace has no price for them. */
    excluded: z.array(currencySchema)
  })
})
export type EarningsGlance = z.infer<typeof earningsGlanceSchema>

const none = z.undefined()
const ok = z.object({ ok: z.literal(true) })

/** Every request/response channel. The key is the function name on window.lendpace. */
export const channels = {
  getStatus: { request: none, response: serviceStatusSchema },
  startLending: { request: none, response: serviceStatusSchema },
  stopLending: { request: none, response: serviceStatusSchema },
  /** Switch between live (needs a key) and paper mode (simulated exchange, no key). */
  setMode: { request: z.object({ mode: z.enum(['live', 'paper']) }), response: serviceStatusSchema },

  getSettings: { request: none, response: settingsSchema },
  updateSettings: { request: settingsPatchSchema, response: settingsSchema },

  getVaultStatus: { request: none, response: vaultStatusSchema },
  addKey: { request: addKeyRequestSchema, response: addKeyResultSchema },
  deleteKey: { request: none, response: vaultStatusSchema },
  unlockVault: { request: z.object({ passphrase: z.string().min(1) }), response: vaultStatusSchema },

  getAccount: { request: none, response: z.array(currencySummarySchema) },
  getMarket: { request: z.object({ currency: currencySchema }), response: marketViewSchema },
  listDecisions: {
    request: z.object({ limit: z.number().int().min(1).max(1000) }),
    response: z.array(decisionSchema)
  },
  getEarnings: { request: z.object({ currency: currencySchema }), response: earningsViewSchema },
  exportEarningsCsv: {
    request: z.object({ currency: currencySchema.optional() }),
    response: z.object({ filename: z.string(), csv: z.string() })
  },

  runBacktest: {
    request: z.object({
      dataDir: z.string().min(1, 'Choose a data folder.'),
      currency: currencySchema,
      capital: z.number().positive('Capital must be above zero.')
    }),
    response: backtestReportSchema
  },
  getDiagnostics: { request: none, response: z.object({ text: z.string() }) },
  /** `instance` changes with every start of the service, so a window can tell a restart from a pause. */
  ping: { request: none, response: ok.extend({ instance: z.string().optional() }) },
  /** What the last successful account read saw (null before the first one): shown, marked, while the key is locked. */
  getLastKnownAccount: { request: none, response: lastKnownAccountSchema.nullable() },
  /** Cancel every open offer in the enabled currencies now (loans keep running). */
  cancelAllOffers: { request: none, response: z.object({ cancelled: z.number().int().nonnegative() }) },
  getEarningsGlance: { request: none, response: earningsGlanceSchema }
} as const

/** Events main pushes to the renderer. */
export const events = {
  status: serviceStatusSchema,
  account: z.array(currencySummarySchema),
  decision: decisionSchema,
  error: z.object({ message: z.string(), kind: z.string(), currency: z.string().nullable() })
} as const

export type Channel = keyof typeof channels
export type EventName = keyof typeof events
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>
export type ResponseOf<C extends Channel> = z.output<(typeof channels)[C]['response']>
export type EventOf<E extends EventName> = z.output<(typeof events)[E]>

export const CHANNEL_NAMES = Object.keys(channels) as Channel[]
export const EVENT_NAMES = Object.keys(events) as EventName[]

/** What every call returns on the wire: errors travel as data so the user sees our sentence, not a stack. */
export const envelopeErrorSchema = z.object({ message: z.string(), kind: z.string() })
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: z.infer<typeof envelopeErrorSchema> }

/** The API the renderer sees, whether over Electron IPC or the browser host. */
export type LendpaceApi = {
  [C in Channel]: RequestOf<C> extends undefined ? () => Promise<ResponseOf<C>> : (req: RequestOf<C>) => Promise<ResponseOf<C>>
} & {
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void
}

/** The handlers main implements: one per channel, given the already-validated request. */
export type ContractHandlers = {
  [C in Channel]: (req: z.output<(typeof channels)[C]['request']>) => Promise<ResponseOf<C>>
}

export const IPC_PREFIX = 'lendpace:'
export const ipcChannelName = (c: Channel | EventName): string => `${IPC_PREFIX}${c}`
