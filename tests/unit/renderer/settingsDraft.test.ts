import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, settingsSchema } from '../../../src/shared/settings'
import { fromDraft, toDraft, validateDraft } from '../../../src/renderer/settingsDraft'

describe('settings draft', () => {
  it('round-trips the defaults through the text form unchanged', () => {
    const result = validateDraft(toDraft(DEFAULT_SETTINGS))
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.settings).toEqual(DEFAULT_SETTINGS)
  })

  it('shows rates in %/day and reads them back as daily decimals', () => {
    const draft = toDraft(DEFAULT_SETTINGS)
    expect(draft.currencies.USD.minDailyRate).toBe('0.01')
    draft.currencies.USD.minDailyRate = '0.025'
    const result = validateDraft(draft)
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.settings.currencies.USD.minDailyRate).toBeCloseTo(0.00025, 15)
  })

  it('refuses what the shared schema refuses, keyed by field path, with its sentence', () => {
    const draft = toDraft(DEFAULT_SETTINGS)
    draft.currencies.USD.maxPeriod = '1'
    draft.currencies.BTC.minDailyRate = '8' // 8 %/day is above Bitfinex's 7 % cap
    draft.loopIntervalSec = '10'
    const result = validateDraft(draft)
    expect(result.ok).toBe(false)
    expect(result.errors['currencies.USD.maxPeriod']).toBe("Bitfinex's shortest period is 2 days.")
    expect(result.errors['currencies.BTC.minDailyRate']).toBe('Bitfinex does not accept daily rates above 7 %.')
    expect(result.errors.loopIntervalSec).toBe('Cycles closer than 30 s would exceed Bitfinex rate limits.')
    // The same candidate is refused by the schema main uses.
    expect(settingsSchema.safeParse(fromDraft(draft)).success).toBe(false)
  })

  it('refuses cross-field mistakes on the field that must change', () => {
    const draft = toDraft(DEFAULT_SETTINGS)
    draft.currencies.USD.minDailyRate = '0.05'
    draft.currencies.USD.maxDailyRate = '0.03'
    const result = validateDraft(draft)
    expect(result.errors['currencies.USD.maxDailyRate']).toBe('The maximum rate must be at least the minimum rate.')
  })

  it('turns empty or non-numeric input into a readable refusal, not a type error', () => {
    const draft = toDraft(DEFAULT_SETTINGS)
    draft.staleOfferMinutes = ''
    draft.currencies.USD.reserve = 'lots'
    draft.currencies.USD.minDailyRate = '0.02%'
    const result = validateDraft(draft)
    expect(result.errors.staleOfferMinutes).toBe('Enter a number.')
    expect(result.errors['currencies.USD.minDailyRate']).toBe('Enter a rate in %/day as a number, e.g. 0.02 for 7.30 % APR.')
    expect(result.errors['currencies.USD.reserve']).toBe('Enter an amount as a number.')
  })
})
