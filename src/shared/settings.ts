// User settings: one zod schema that the store validates on load, IPC validates on update,
// and the renderer uses for inline validation, so a value is refused with the same reason everywhere.
import { z } from 'zod'
import { CURRENCIES, MAX_PERIOD_DAYS, MIN_OFFER_USD, MIN_PERIOD_DAYS, type Currency } from './domain'

const dailyRate = z
  .number({ error: 'Enter a daily rate as a number, e.g. 0.0002 for 0.02 %/day.' })
  .min(0, 'A rate cannot be negative.')
  .max(0.07, 'Bitfinex does not accept daily rates above 7 %.')

const period = z
  .number({ error: 'Enter a period in days.' })
  .int('Periods are whole days.')
  .min(MIN_PERIOD_DAYS, `Bitfinex's shortest period is ${MIN_PERIOD_DAYS} days.`)
  .max(MAX_PERIOD_DAYS, `Bitfinex's longest period is ${MAX_PERIOD_DAYS} days.`)

/** Default cap on open offers per currency (issue 16: never run into Bitfinex's active-offer limit). */
export const DEFAULT_MAX_OPEN_OFFERS = 8

const amount = z.number({ error: 'Enter an amount as a number.' }).min(0, 'An amount cannot be negative.')

export const currencySettingsSchema = z
  .object({
    enabled: z.boolean(),
    /** Never offer below this daily rate (the floor). */
    minDailyRate: dailyRate,
    /** Never offer above this daily rate (0 = no cap). */
    maxDailyRate: dailyRate,
    /** Kept un-lent in the funding wallet. */
    reserve: amount,
    /** Most the bot keeps lent and offered in total (0 = no limit). */
    maxLent: amount,
    /** Smallest offer the bot places (Bitfinex's own minimum of 150 USD still applies). */
    minOfferSize: amount,
    /** Largest single offer (0 = no limit). */
    maxOfferSize: amount,
    minPeriod: period,
    maxPeriod: period,
    /** May IBRR place offers at FRR (FRRDELTAVAR) when that is its best option? */
    allowFrr: z.boolean(),
    /**
     * Most open offers IBRR keeps in this currency. Bitfinex refuses more at an undocumented cap ("Limit: too
     * many active offers", docs/bitfinex.md, Offer rules); 8 is well under it and above IBRR's 5-rung ladder. Files saved
     * before this setting existed load with the default.
     */
    maxOpenOffers: z
      .number({ error: 'Enter a whole number of offers.' })
      .int('Use a whole number of offers.')
      .min(1, 'Keep at least one offer.')
      .max(50, 'At most 50 offers: Bitfinex refuses more active offers at an undocumented limit.')
      .default(DEFAULT_MAX_OPEN_OFFERS)
  })
  .refine((s) => s.maxDailyRate === 0 || s.maxDailyRate >= s.minDailyRate, {
    message: 'The maximum rate must be at least the minimum rate.',
    path: ['maxDailyRate']
  })
  .refine((s) => s.maxPeriod >= s.minPeriod, {
    message: 'The longest period must be at least the shortest.',
    path: ['maxPeriod']
  })
  .refine((s) => s.maxOfferSize === 0 || s.maxOfferSize >= s.minOfferSize, {
    message: 'The largest offer must be at least the smallest.',
    path: ['maxOfferSize']
  })
export type CurrencySettings = z.infer<typeof currencySettingsSchema>

export const settingsSchema = z.object({
  currencies: z.object(
    Object.fromEntries(CURRENCIES.map((c) => [c, currencySettingsSchema])) as Record<
      Currency,
      typeof currencySettingsSchema
    >
  ),
  /** 0 = never lock long periods; 1 = lock longer at the slightest rate rise. */
  spikeSensitivity: z.number().min(0, 'Use a value from 0 to 1.').max(1, 'Use a value from 0 to 1.'),
  /** Seconds between loop cycles. */
  loopIntervalSec: z
    .number()
    .int('Use whole seconds.')
    .min(30, 'Cycles closer than 30 s would exceed Bitfinex rate limits.')
    .max(3600, 'Run at least once an hour so money is not left idle.'),
  /** Plan and explain, but place and cancel nothing. */
  dryRun: z.boolean(),
  /** On quit, hand the balance to Bitfinex auto-renew; on start, take it back. */
  keepLendingWhenClosed: z.boolean(),
  /** On stop, cancel the bot's open offers. */
  cancelOffersOnStop: z.boolean(),
  /** Minutes an offer may sit unfilled before IBRR may reprice it. */
  staleOfferMinutes: z.number().int().min(5, 'At least 5 minutes.').max(1440, 'At most a day.'),
  notifications: z.object({
    offerFilled: z.boolean(),
    loanReturned: z.boolean(),
    needsAttention: z.boolean()
  }),
  startOnLogin: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
  /** Minutes without use after which a stopped app forgets the unlocked passphrase key; 0 = never.
   *  Never applies while lending runs. Optional so settings saved before it existed still load. */
  vaultAutoLockMinutes: z.number().int('Whole minutes.').min(0, '0 (never) or more.').max(1440, 'At most a day.').optional(),
  /** The currency of the all-currency earnings line; optional so settings saved before it existed still load. */
  displayCurrency: z.enum(CURRENCIES, { error: 'Choose USD, UST, BTC or ETH.' }).optional()
})
export type Settings = z.infer<typeof settingsSchema>

const defaultCurrency = (enabled: boolean, minOfferSize: number): CurrencySettings => ({
  enabled,
  minDailyRate: 0.0001,
  maxDailyRate: 0,
  reserve: 0,
  maxLent: 0,
  minOfferSize,
  maxOfferSize: 0,
  minPeriod: MIN_PERIOD_DAYS,
  maxPeriod: MAX_PERIOD_DAYS,
  allowFrr: true,
  maxOpenOffers: DEFAULT_MAX_OPEN_OFFERS
})

export const DEFAULT_SETTINGS: Settings = {
  currencies: {
    USD: defaultCurrency(true, 150),
    UST: defaultCurrency(false, 150),
    BTC: { ...defaultCurrency(false, 0.002), minDailyRate: 0.000001 },
    ETH: { ...defaultCurrency(false, 0.05), minDailyRate: 0.000001 }
  },
  spikeSensitivity: 0.5,
  loopIntervalSec: 60,
  dryRun: false,
  keepLendingWhenClosed: true,
  cancelOffersOnStop: false,
  staleOfferMinutes: 30,
  notifications: { offerFilled: true, loanReturned: true, needsAttention: true },
  startOnLogin: false,
  theme: 'system',
  displayCurrency: 'USD'
}

/** displayCurrency in settings saved before it existed. */
export const DEFAULT_DISPLAY_CURRENCY: Currency = 'USD'

/** vaultAutoLockMinutes when the user has not chosen one (the field is optional: old files lack it). */
export const DEFAULT_VAULT_AUTO_LOCK_MINUTES = 15

/** A partial update as the renderer sends it: any top-level key, currencies merged per currency. */
export const settingsPatchSchema = settingsSchema
  .omit({ currencies: true, notifications: true })
  .partial()
  .extend({
    currencies: z
      .object(
        Object.fromEntries(CURRENCIES.map((c) => [c, z.record(z.string(), z.unknown()).optional()])) as Record<
          Currency,
          z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>
        >
      )
      .partial()
      .optional(),
    notifications: settingsSchema.shape.notifications.partial().optional()
  })
export type SettingsPatch = z.infer<typeof settingsPatchSchema>

/** The currencies the user lends, in the app's fixed order. */
export const enabledCurrencies = (settings: Settings): Currency[] => CURRENCIES.filter((c) => settings.currencies[c].enabled)

/** Apply a patch and validate the result; throws a ZodError naming the refused field. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const currencies = { ...current.currencies }
  for (const c of CURRENCIES) {
    const p = patch.currencies?.[c]
    if (p) currencies[c] = { ...currencies[c], ...p } as CurrencySettings
  }
  return settingsSchema.parse({
    ...current,
    ...patch,
    currencies,
    notifications: { ...current.notifications, ...patch.notifications }
  })
}

/**
 * Bitfinex checks its 150 USD minimum at its own price, which differs a little from the one we read (a
 * ticker up to minutes old): this margin keeps an offer in any currency but USD above the minimum.
 */
const NON_USD_MINIMUM_MARGIN = 0.02

/**
 * USD value of one unit, used only to apply Bitfinex's 150 USD minimum. USD is 1. With a market price
 * (the loop reads Bitfinex's trading ticker) that price; without one USDt counts as 1 and, for crypto,
 * the user's minimum offer size (in coins) stands in for the 150 USD minimum.
 */
export function usdPriceFor(currency: Currency, settings: Settings, marketPrice?: number): number {
  if (currency === 'USD') return 1
  if (marketPrice !== undefined && marketPrice > 0 && Number.isFinite(marketPrice)) return marketPrice
  if (currency === 'UST') return 1
  const minSize = settings.currencies[currency].minOfferSize
  return minSize > 0 ? MIN_OFFER_USD / minSize : Number.POSITIVE_INFINITY
}

/** The one minimum-offer rule: the smallest offer, in the currency's units, that Bitfinex and the user's settings allow. */
export const minimumOfferFor = (currency: Currency, cs: CurrencySettings, usdPrice: number): number =>
  Math.max(cs.minOfferSize, (MIN_OFFER_USD / usdPrice) * (currency === 'USD' ? 1 : 1 + NON_USD_MINIMUM_MARGIN))

/** minimumOfferFor with the whole settings; the price defaults to usdPriceFor's (no market price). */
export const minimumOfferAmount = (currency: Currency, settings: Settings, usdPrice = usdPriceFor(currency, settings)): number =>
  minimumOfferFor(currency, settings.currencies[currency], usdPrice)
