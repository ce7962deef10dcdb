// The settings form edits text, not numbers: a half-typed "0.0" must survive until the user finishes.
// These pure helpers turn Settings into that draft and back, and name every refusal by its field path
// using the shared schema, so the form refuses exactly what the main process would.
import { CURRENCIES, type Currency } from '../shared/domain'
import { DEFAULT_DISPLAY_CURRENCY, settingsSchema, type CurrencySettings, type Settings } from '../shared/settings'
import { errorsByField, readableIssueMessage, type FieldIssue } from './fieldErrors'
import { parseNumberInput, percentPerDayToRate, rateToPercentPerDay } from './format'

const CURRENCY_NUMBER_FIELDS = ['reserve', 'maxLent', 'minOfferSize', 'maxOfferSize', 'minPeriod', 'maxPeriod'] as const
const CURRENCY_RATE_FIELDS = ['minDailyRate', 'maxDailyRate'] as const

type CurrencyNumberField = (typeof CURRENCY_NUMBER_FIELDS)[number]
type CurrencyRateField = (typeof CURRENCY_RATE_FIELDS)[number]

export type CurrencyDraft = { enabled: boolean; allowFrr: boolean } & Record<CurrencyNumberField | CurrencyRateField, string>

export interface SettingsDraft {
  currencies: Record<Currency, CurrencyDraft>
  spikeSensitivity: string
  loopIntervalSec: string
  staleOfferMinutes: string
  dryRun: boolean
  keepLendingWhenClosed: boolean
  cancelOffersOnStop: boolean
  notifications: Settings['notifications']
  startOnLogin: boolean
  theme: Settings['theme']
  displayCurrency: Currency
}

function currencyToDraft(c: CurrencySettings): CurrencyDraft {
  return {
    enabled: c.enabled,
    allowFrr: c.allowFrr,
    // Rates are typed in %/day, the unit Bitfinex's own UI uses.
    minDailyRate: rateToPercentPerDay(c.minDailyRate),
    maxDailyRate: rateToPercentPerDay(c.maxDailyRate),
    reserve: String(c.reserve),
    maxLent: String(c.maxLent),
    minOfferSize: String(c.minOfferSize),
    maxOfferSize: String(c.maxOfferSize),
    minPeriod: String(c.minPeriod),
    maxPeriod: String(c.maxPeriod)
  }
}

export function toDraft(settings: Settings): SettingsDraft {
  return {
    currencies: Object.fromEntries(CURRENCIES.map((c) => [c, currencyToDraft(settings.currencies[c])])) as Record<Currency, CurrencyDraft>,
    spikeSensitivity: String(settings.spikeSensitivity),
    loopIntervalSec: String(settings.loopIntervalSec),
    staleOfferMinutes: String(settings.staleOfferMinutes),
    dryRun: settings.dryRun,
    keepLendingWhenClosed: settings.keepLendingWhenClosed,
    cancelOffersOnStop: settings.cancelOffersOnStop,
    notifications: { ...settings.notifications },
    startOnLogin: settings.startOnLogin,
    theme: settings.theme,
    displayCurrency: settings.displayCurrency ?? DEFAULT_DISPLAY_CURRENCY
  }
}

/** The draft as the candidate Settings object; unparseable numbers become NaN for the schema to refuse. */
export function fromDraft(draft: SettingsDraft): unknown {
  const currencies = Object.fromEntries(
    CURRENCIES.map((c) => {
      const d = draft.currencies[c]
      return [
        c,
        {
          enabled: d.enabled,
          allowFrr: d.allowFrr,
          minDailyRate: percentPerDayToRate(d.minDailyRate),
          maxDailyRate: percentPerDayToRate(d.maxDailyRate),
          ...Object.fromEntries(CURRENCY_NUMBER_FIELDS.map((f) => [f, parseNumberInput(d[f])]))
        }
      ]
    })
  )
  return {
    currencies,
    spikeSensitivity: parseNumberInput(draft.spikeSensitivity),
    loopIntervalSec: parseNumberInput(draft.loopIntervalSec),
    staleOfferMinutes: parseNumberInput(draft.staleOfferMinutes),
    dryRun: draft.dryRun,
    keepLendingWhenClosed: draft.keepLendingWhenClosed,
    cancelOffersOnStop: draft.cancelOffersOnStop,
    notifications: draft.notifications,
    startOnLogin: draft.startOnLogin,
    theme: draft.theme,
    displayCurrency: draft.displayCurrency
  }
}

const RATE_FIELDS = new Set<PropertyKey>(CURRENCY_RATE_FIELDS)

function messageFor(issue: FieldIssue): string {
  // The form takes rates in %/day, so the schema's decimal example would mislead here.
  if (issue.code === 'invalid_type' && RATE_FIELDS.has(issue.path[issue.path.length - 1]))
    return 'Enter a rate in %/day as a number, e.g. 0.02 for 7.30 % APR.'
  return readableIssueMessage(issue)
}

export type DraftValidation = { ok: true; settings: Settings; errors: Record<string, string> } | { ok: false; errors: Record<string, string> }

/** Validate with the shared schema; errors keyed by dotted path ("currencies.USD.maxPeriod"), first message wins. */
export function validateDraft(draft: SettingsDraft): DraftValidation {
  const result = settingsSchema.safeParse(fromDraft(draft))
  if (result.success) return { ok: true, settings: result.data, errors: {} }
  return { ok: false, errors: errorsByField(result.error.issues, messageFor) }
}
