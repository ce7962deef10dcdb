// The one typed contract between the renderer and the main process. Every channel has a request and
// a response schema; every event main pushes has a payload schema. The preload exposes exactly these
// as named functions on `window.lendpace`; the browser host serves the same names over HTTP.
// Both sides validate with these schemas, so nothing unchecked crosses the boundary.
import { z } from 'zod'
import {
  currencySchema,
  fundingSymbol,
  type Currency,
  decisionSchema,
  fundingBookSchema,
  fundingTickerSchema,
  keyCheckSchema,
  offerSchema,
  loanSchema,
  OFFER_TYPES,
  scopeCheckSchema
} from './domain'
import { settingsPatchSchema, settingsSchema } from './settings'
import { errorKindSchema } from './errorKinds'

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
  loans: z.array(loanSchema),
  /** Where IBRR's fill model comes from now, e.g. "fill model: prior + 12 of your fills". */
  fillModel: z.string().nullable().optional()
})
export type CurrencySummary = z.infer<typeof currencySummarySchema>

export const marketViewSchema = z.object({
  currency: currencySchema,
  takenAt: z.number(),
  ticker: fundingTickerSchema,
  book: fundingBookSchema
})
export type MarketView = z.infer<typeof marketViewSchema>

/** What IBRR decided for one currency in one cycle: cancel these, place these, and why. */
export const planViewSchema = z.object({
  cancel: z.array(z.object({ offerId: z.number(), reason: z.string() })),
  place: z.array(
    z.object({
      type: z.enum(OFFER_TYPES),
      amount: z.number(),
      rate: z.number(),
      period: z.number(),
      fillProbability: z.number(),
      reason: z.string()
    })
  ),
  reasons: z.array(z.string())
})
export type PlanView = z.infer<typeof planViewSchema>

/**
 * One lending cycle as the loop saw it: per currency, the market it planned on, the account after its
 * offers were placed and cancelled, and the plan. Pushed after every cycle, so the dashboard shows exactly
 * what the loop acted on, without reading the market or the account again.
 */
export const cycleSnapshotSchema = z.object({
  /** When the cycle began reading the exchange (the core's clock): the UI says how old the figures are. */
  takenAt: z.number(),
  mode: z.enum(['live', 'paper']),
  dryRun: z.boolean(),
  /** The currencies this cycle reached; one that failed or waits out a ban is absent (its error says why). */
  currencies: z.array(
    z.object({
      currency: currencySchema,
      market: marketViewSchema,
      account: currencySummarySchema,
      plan: planViewSchema,
      placed: z.number().int().nonnegative(),
      cancelled: z.number().int().nonnegative()
    })
  )
})
export type CycleSnapshot = z.infer<typeof cycleSnapshotSchema>

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

const addKeyResultSchema = z.object({ check: keyCheckSchema, status: vaultStatusSchema })

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

/** What the activity log shows: the loop's decisions, what happened to the money, and what the user did. */
const ACTIVITY_KINDS = ['place', 'cancel', 'hold', 'info', 'error', 'fill', 'return', 'payment', 'settings', 'start', 'stop'] as const
export const activityKindSchema = z.enum(ACTIVITY_KINDS)
export type ActivityKind = z.infer<typeof activityKindSchema>

/**
 * One line of the activity history. The same line in consecutive cycles is folded into one entry:
 * `count` times from `at` to `until` ("Kept 5 offers — 120 times, 08:00–10:00").
 */
export const activityEventSchema = z.object({
  id: z.string(),
  at: z.number(),
  until: z.number(),
  count: z.number().int().min(1),
  kind: activityKindSchema,
  /** A currency, or 'all' for what concerns the whole app (start, stop, settings). */
  currency: z.string(),
  message: z.string(),
  dryRun: z.boolean(),
  offerId: z.number().optional(),
  loanId: z.number().optional(),
  amount: z.number().optional(),
  rate: z.number().optional(),
  period: z.number().optional()
})
export type ActivityEvent = z.infer<typeof activityEventSchema>

export const activityQuerySchema = z.object({
  /** Entries active at or after this time (ms); none: since the oldest kept. */
  from: z.number().optional(),
  /** Entries that started at or before this time (ms); none: up to now. */
  to: z.number().optional(),
  /** Entries of the last this-many ms by the core's clock (the replay clock in paper mode); overrides `from`. */
  lastMs: z.number().int().positive().optional(),
  /** Only these currencies ('all' = app-wide entries); none: every currency. */
  currencies: z.array(z.string()).max(20).optional(),
  kinds: z.array(activityKindSchema).max(ACTIVITY_KINDS.length).optional(),
  limit: z.number().int().min(1).max(1000)
})
export type ActivityQuery = z.infer<typeof activityQuerySchema>

export const activityPageSchema = z.object({
  /** Newest first. */
  events: z.array(activityEventSchema),
  /** More entries matched than `limit`. */
  more: z.boolean(),
  /** The oldest time the history still covers (older entries were dropped: 90 days are kept). */
  keptSince: z.number().nullable()
})
export type ActivityPage = z.infer<typeof activityPageSchema>

export const strategyResultSchema = z.object({
  netApr: z.number(),
  utilization: z.number(),
  avgRate: z.number(),
  earnings: z.number(),
  placed: z.number(),
  cancelled: z.number(),
  /** Net interest of the loans the run started with (part of earnings); only on runs that started with some. */
  startingEarnings: z.number().optional(),
  /** Cumulative earnings over time, for the chart. */
  curve: z.array(z.object({ mts: z.number(), earnings: z.number() }))
})
export type StrategyResult = z.infer<typeof strategyResultSchema>

/** One calibrated parameter as a report shows it: the range the data allows, `low` least favourable to a lender. */
const calibrationParameterSchema = z.object({ low: z.number(), central: z.number(), high: z.number(), unit: z.string() })

/** The simulator against a real bot, per loan period: predicted vs actual wait to fill and loan life. */
const validationRowSchema = z.object({
  n: z.number(),
  unfilled: z.number(),
  predictedMedianWaitMin: z.number().nullable(),
  actualMedianWaitMin: z.number().nullable(),
  predictedP90WaitMin: z.number().nullable(),
  actualP90WaitMin: z.number().nullable(),
  predictedMedianLifeDays: z.number().nullable(),
  actualMedianLifeDays: z.number().nullable(),
  predictedP90LifeDays: z.number().nullable()
})

export const backtestReportSchema = z.object({
  currency: currencySchema,
  capital: z.number(),
  from: z.number(),
  to: z.number(),
  /** Assumptions the numbers depend on, in sentences (fill model, FRR fill, data gaps). */
  notes: z.array(z.string()),
  /** The central calibration band (the same numbers as bands.central). */
  strategies: z.record(z.string(), strategyResultSchema),
  /** Every strategy under each calibration band (low = least favourable to a lender). */
  bands: z.partialRecord(z.enum(['low', 'central', 'high']), z.object({ strategies: z.record(z.string(), strategyResultSchema) })).optional(),
  calibration: z
    .object({
      parameters: z.record(z.string(), calibrationParameterSchema),
      /** Keyed by loan period; only where the bot's fills overlap the recorded books. */
      validation: z.record(z.string(), validationRowSchema).optional()
    })
    .optional(),
  /** One plain sentence: what IBRR earned against the simple bots and auto-renew, in how many bands. */
  verdict: z.string().optional()
})
export type BacktestReport = z.infer<typeof backtestReportSchema>

/** The strategies a backtest compares, by the backtest engine's names (pages show plain names for them). */
export const BACKTEST_STRATEGIES = ['ibrr', 'frr', 'frr-optimistic', 'ladder', 'mika', 'undercut', 'lendingbot', 'oracle', 'bound'] as const
const backtestStrategySchema = z.enum(BACKTEST_STRATEGIES)
export type BacktestStrategy = z.infer<typeof backtestStrategySchema>

/**
 * The files a backtest of one currency reads (names as the shared data set and `npm run history` write them):
 * demand to fill offers (the order book's bids, or traded volume) and the FRR, to price Bitfinex auto-renew.
 */
export function backtestDataFiles(currency: Currency) {
  const s = fundingSymbol(currency)
  return {
    book: { what: 'order book', files: `${s}-book-P0-hourly.csv` },
    volume: { what: 'traded volume', files: `${s}-candles-1h.csv` },
    frr: { what: 'FRR', files: `${s}-ticker-hourly.csv or ${s}-stats-hourly.csv` }
  }
}

const timeSpanSchema = z.object({ from: z.number(), to: z.number() })

/** What a data folder holds for one currency, checked before a backtest runs on it. */
export const backtestFolderCheckSchema = z.object({
  dataDir: z.string(),
  currency: currencySchema,
  /** The folder has what a backtest of this currency needs. */
  ready: z.boolean(),
  /** One sentence naming what is missing (null when nothing needed is). */
  missing: z.string().nullable(),
  /** Each kind of data found: a plain name, its files and the time it covers. */
  found: z.array(z.object({ what: z.string(), files: z.array(z.string()), from: z.number().nullable(), to: z.number().nullable() })),
  /** The replay window the data allows (the longest contiguous stretch); from/to of a run must lie inside it. */
  span: timeSpanSchema.nullable(),
  /** Inside the span, where order book, traded volume and FRR all have data (null when they never overlap). */
  complete: timeSpanSchema.nullable()
})
export type BacktestFolderCheck = z.infer<typeof backtestFolderCheckSchema>

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

/** One currency's shadow benchmark, in its own units, after fee, over the compared whole days. */
const shadowFiguresSchema = z.object({
  days: z.number().int().nonnegative(),
  /** What the user earned (Bitfinex's ledger, or what LendPace recorded). */
  actual: z.number(),
  /** What auto-renew at FRR would have earned under the calibrated FRR-queue model. */
  autoRenew: z.number(),
  /** The same if every FRR offer had been taken at once: the reading most favourable to auto-renew. */
  autoRenewAllLent: z.number()
})

/** "IBRR vs auto-renew since you started" (docs in src/main/core/earnings/shadowBenchmark.ts). */
export const shadowBenchmarkSchema = shadowFiguresSchema.extend({
  /** notStarted: no lending cycle yet in this mode; tooEarly: no whole, settled day to compare yet. */
  state: z.enum(['notStarted', 'tooEarly', 'ready']),
  mode: z.enum(['live', 'paper']),
  startedAt: z.number().nullable(),
  firstDay: z.string().nullable(),
  lastDay: z.string().nullable(),
  displayCurrency: currencySchema,
  /** The model's basis: average FRR-queue wait, the 2-day loan's mean life, and the share of time lent. */
  waitHours: z.number().nullable(),
  lifeHours: z.number(),
  lentShare: z.number().nullable(),
  /** Currencies left out because LendPace has no price to convert them. */
  excluded: z.array(currencySchema),
  rows: z.array(shadowFiguresSchema.extend({ currency: currencySchema }))
})
export type ShadowBenchmark = z.infer<typeof shadowBenchmarkSchema>

export const earningsGlanceSchema = z.object({
  at: z.number(),
  /** When the account behind these figures was read: while lending runs, its last cycle's (not re-read). */
  accountAt: z.number().optional(),
  rows: z.array(glanceFiguresSchema.extend({ currency: currencySchema, source: z.enum(['ledger', 'recorded']) })),
  /** All currencies with a known price, converted to the display currency. */
  total: glanceFiguresSchema.extend({
    displayCurrency: currencySchema,
    /** Currencies left out of the total because LendPace has no price for them. */
    excluded: z.array(currencySchema)
  }),
  shadow: shadowBenchmarkSchema.optional()
})
export type EarningsGlance = z.infer<typeof earningsGlanceSchema>

const none = z.undefined()
const ok = z.object({ ok: z.literal(true) })

/** The desktop app's self-update (signed releases only): what the window and the tray show. */
export const updateStateSchema = z.discriminatedUnion('kind', [
  /** No updates here (development build, browser host, unsigned build, Linux): `reason` says why, in a sentence. */
  z.object({ kind: z.literal('disabled'), reason: z.string() }),
  z.object({ kind: z.literal('idle'), lastCheckedAt: z.number().nullable() }),
  z.object({ kind: z.literal('checking') }),
  z.object({ kind: z.literal('downloading'), version: z.string(), percent: z.number().min(0).max(100).nullable() }),
  /** Downloaded and verified: "Restart to update" is offered. */
  z.object({ kind: z.literal('ready'), version: z.string() }),
  /** Handing lending over to Bitfinex auto-renew, then restarting into the new version. */
  z.object({ kind: z.literal('restarting'), version: z.string() }),
  z.object({ kind: z.literal('error'), message: z.string(), lastCheckedAt: z.number().nullable() })
])
export type UpdateState = z.infer<typeof updateStateSchema>

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
  /** The activity history (90 days, repeats folded), filtered by time, currency and kind. */
  queryActivity: { request: activityQuerySchema, response: activityPageSchema },
  exportEarningsCsv: {
    request: z.object({ currency: currencySchema.optional() }),
    response: z.object({ filename: z.string(), csv: z.string() })
  },

  runBacktest: {
    request: z
      .object({
        dataDir: z.string().min(1, 'Choose a data folder.'),
        currency: currencySchema,
        capital: z.number().positive('Capital must be above zero.'),
        /** Replay window (ms); none: the whole span of the data. Checked against the data's span by the backtest. */
        from: z.number().int().optional(),
        to: z.number().int().optional(),
        /** none: every strategy. */
        strategies: z.array(backtestStrategySchema).min(1, 'Choose at least one strategy.').max(BACKTEST_STRATEGIES.length).optional()
      })
      .refine((r) => r.from === undefined || r.to === undefined || r.from < r.to, { message: 'The end date must be after the start date.', path: ['to'] }),
    response: backtestReportSchema
  },
  /** The folders a backtest may read here, and whether this app can open a folder dialog (the desktop app). */
  listBacktestFolders: { request: none, response: z.object({ canChoose: z.boolean(), folders: z.array(z.string()) }) },
  /** The desktop app's folder dialog; the chosen folder may then be read by backtests. null: the user cancelled. */
  chooseBacktestFolder: { request: none, response: z.object({ folder: z.string().nullable() }) },
  /** Which files a folder holds for a currency and what span they cover; only folders runBacktest may read. */
  checkBacktestFolder: {
    request: z.object({ dataDir: z.string().min(1, 'Choose a data folder.'), currency: currencySchema }),
    response: backtestFolderCheckSchema
  },
  getDiagnostics: { request: none, response: z.object({ text: z.string() }) },
  getUpdateState: { request: none, response: updateStateSchema },
  /** Only when the state is 'ready': hand lending over to auto-renew, then restart into the update. */
  restartToUpdate: { request: none, response: updateStateSchema },
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
  /** A new activity entry, or a folded one whose count and `until` grew (same id: replace it). */
  activity: activityEventSchema,
  error: z.object({ message: z.string(), kind: errorKindSchema, currency: z.string().nullable() }),
  update: updateStateSchema,
  /** After every cycle that reached the exchange: what it planned on and did (see cycleSnapshotSchema). */
  cycleSnapshot: cycleSnapshotSchema
} as const

export type Channel = keyof typeof channels
export type EventName = keyof typeof events
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>
export type ResponseOf<C extends Channel> = z.output<(typeof channels)[C]['response']>
export type EventOf<E extends EventName> = z.output<(typeof events)[E]>

export const CHANNEL_NAMES = Object.keys(channels) as Channel[]
export const EVENT_NAMES = Object.keys(events) as EventName[]

/** What every call returns on the wire: errors travel as data so the user sees our sentence, not a stack. */
export const envelopeErrorSchema = z.object({ message: z.string(), kind: errorKindSchema })
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
