// Every setting, validated inline with the shared schema: a refused value shows its reason next to the
// field and the form will not send it. Saved settings come back from main and replace the draft.
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react'
import { CURRENCIES, MAX_PERIOD_DAYS, MIN_PERIOD_DAYS, type Currency } from '../../shared/domain'
import { Card, ErrorText, Notice } from '../components/Feedback'
import { formatApr, formatNumber, percentPerDayToRate } from '../format'
import { toDraft, validateDraft, type CurrencyDraft, type SettingsDraft } from '../settingsDraft'
import { useAppStore } from '../store/appStore'

function TextField(props: {
  id: string
  label: string
  value: string
  onChange: (v: string) => void
  error?: string
  hint?: ReactNode
  suffix?: string
  inputMode?: 'decimal' | 'numeric'
}) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={props.id}>
        {props.label}
      </label>
      <div className="input-row">
        <input
          id={props.id}
          type="text"
          inputMode={props.inputMode ?? 'decimal'}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          aria-invalid={Boolean(props.error)}
          aria-describedby={[props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') || undefined}
          data-testid={`field-${props.id}`}
        />
        {props.suffix ? <span className="suffix">{props.suffix}</span> : null}
      </div>
      {props.hint ? (
        <div className="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      ) : null}
      <ErrorText message={props.error} id={`${props.id}-error`} testId={`error-${props.id}`} />
    </div>
  )
}

function Toggle({ id, label, checked, onChange, hint }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string }) {
  return (
    <div className="field">
      <label className="check" htmlFor={id}>
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={`field-${id}`} />
        {label}
      </label>
      {hint ? <div className="field-hint">{hint}</div> : null}
    </div>
  )
}

function aprHint(text: string, zeroMeaning: string): string {
  const rate = percentPerDayToRate(text)
  if (!Number.isFinite(rate)) return ''
  if (rate === 0) return zeroMeaning
  return `= ${formatApr(rate, 'before fee')}`
}

function CurrencyFields({ currency, draft, errors, update }: { currency: Currency; draft: CurrencyDraft; errors: Record<string, string>; update: (patch: Partial<CurrencyDraft>) => void }) {
  const err = (field: string) => errors[`currencies.${currency}.${field}`]
  const id = (field: string) => `${currency}-${field}`
  return (
    <fieldset className="fieldset" data-testid={`currency-settings-${currency}`} role="tabpanel" id="currency-panel" aria-labelledby={`tab-${currency}`}>
      <legend>{currency}</legend>
      <div className="grid-fields">
        <Toggle id={id('enabled')} label={`Lend ${currency}`} checked={draft.enabled} onChange={(v) => update({ enabled: v })} />
        <Toggle id={id('allowFrr')} label="Allow offers at FRR" checked={draft.allowFrr} onChange={(v) => update({ allowFrr: v })} hint="When FRR is IBRR's best option." />
        <TextField id={id('minDailyRate')} label="Floor rate" suffix="%/day" value={draft.minDailyRate} onChange={(v) => update({ minDailyRate: v })} error={err('minDailyRate')} hint={aprHint(draft.minDailyRate, 'No floor')} />
        <TextField id={id('maxDailyRate')} label="Cap rate" suffix="%/day" value={draft.maxDailyRate} onChange={(v) => update({ maxDailyRate: v })} error={err('maxDailyRate')} hint={aprHint(draft.maxDailyRate, '0 = no cap')} />
        <TextField id={id('reserve')} label="Reserve (never lent)" suffix={currency} value={draft.reserve} onChange={(v) => update({ reserve: v })} error={err('reserve')} />
        <TextField id={id('maxLent')} label="Most lent + offered" suffix={currency} value={draft.maxLent} onChange={(v) => update({ maxLent: v })} error={err('maxLent')} hint="0 = no limit" />
        <TextField id={id('minOfferSize')} label="Smallest offer" suffix={currency} value={draft.minOfferSize} onChange={(v) => update({ minOfferSize: v })} error={err('minOfferSize')} hint="Bitfinex's own minimum (150 USD or the equivalent) still applies." />
        <TextField id={id('maxOfferSize')} label="Largest offer" suffix={currency} value={draft.maxOfferSize} onChange={(v) => update({ maxOfferSize: v })} error={err('maxOfferSize')} hint="0 = no limit" />
        <TextField id={id('minPeriod')} label="Shortest period" suffix="days" inputMode="numeric" value={draft.minPeriod} onChange={(v) => update({ minPeriod: v })} error={err('minPeriod')} hint={`${MIN_PERIOD_DAYS}–${MAX_PERIOD_DAYS} days`} />
        <TextField id={id('maxPeriod')} label="Longest period" suffix="days" inputMode="numeric" value={draft.maxPeriod} onChange={(v) => update({ maxPeriod: v })} error={err('maxPeriod')} hint={`${MIN_PERIOD_DAYS}–${MAX_PERIOD_DAYS} days`} />
      </div>
    </fieldset>
  )
}

export function SettingsPage() {
  const settings = useAppStore((s) => s.settings)
  const saveSettings = useAppStore((s) => s.saveSettings)
  const busy = useAppStore((s) => s.busy.settings)
  const serverError = useAppStore((s) => s.errors.settings)
  const [draft, setDraft] = useState<SettingsDraft | null>(() => (settings ? toDraft(settings) : null))
  const [currency, setCurrency] = useState<Currency>('USD')
  const [savedAt, setSavedAt] = useState<number | null>(null)

  // When main sends new settings (saved here or elsewhere), the form shows them.
  useEffect(() => {
    if (settings) setDraft(toDraft(settings))
  }, [settings])

  const validation = useMemo(() => (draft ? validateDraft(draft) : null), [draft])
  const dirty = useMemo(() => Boolean(draft && settings && JSON.stringify(draft) !== JSON.stringify(toDraft(settings))), [draft, settings])
  if (!draft || !validation || !settings) return null
  const errors = validation.errors

  const update = (patch: Partial<SettingsDraft>) => {
    setSavedAt(null)
    setDraft((d) => (d ? { ...d, ...patch } : d))
  }
  const updateCurrency = (c: Currency, patch: Partial<CurrencyDraft>) =>
    update({ currencies: { ...draft.currencies, [c]: { ...draft.currencies[c], ...patch } } })

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!validation?.ok) return
    const result = await saveSettings(validation.settings)
    if (result.ok) setSavedAt(Date.now())
  }

  const currencyHasError = (c: Currency) => Object.keys(errors).some((k) => k.startsWith(`currencies.${c}.`))

  return (
    <div className="page" data-testid="page-settings">
      <h1>Settings</h1>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <Card title="Currencies">
          <div className="tabs" role="tablist" aria-label="Currency">
            {CURRENCIES.map((c) => (
              <button
                key={c}
                type="button"
                role="tab"
                id={`tab-${c}`}
                aria-selected={c === currency}
                aria-controls="currency-panel"
                // One Tab stop for the whole row; arrow keys move between currencies (the ARIA tabs pattern).
                tabIndex={c === currency ? 0 : -1}
                onKeyDown={(e) => {
                  const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
                  if (!step) return
                  const next = CURRENCIES[(CURRENCIES.indexOf(currency) + step + CURRENCIES.length) % CURRENCIES.length]
                  setCurrency(next)
                  document.getElementById(`tab-${next}`)?.focus()
                }}
                className={`tab ${c === currency ? 'active' : ''} ${currencyHasError(c) ? 'has-error' : ''}`}
                onClick={() => setCurrency(c)}
                data-testid={`tab-${c}`}
              >
                {c} {draft.currencies[c].enabled ? <span className="badge badge-ok">on</span> : <span className="badge">off</span>}
                {currencyHasError(c) ? <span aria-label="has errors"> !</span> : null}
              </button>
            ))}
          </div>
          <CurrencyFields currency={currency} draft={draft.currencies[currency]} errors={errors} update={(p) => updateCurrency(currency, p)} />
        </Card>
        <Card title="How the bot works">
          <div className="grid-fields">
            <div className="field">
              <label className="field-label" htmlFor="spikeSensitivity">
                Spike sensitivity
              </label>
              <div className="input-row">
                <input
                  id="spikeSensitivity"
                  type="range"
                  min={0}
                  max={1}
                  step={0.05}
                  value={draft.spikeSensitivity}
                  onChange={(e) => update({ spikeSensitivity: e.target.value })}
                  aria-describedby="spikeSensitivity-hint"
                  aria-valuetext={`${draft.spikeSensitivity} of 1`}
                  data-testid="field-spikeSensitivity"
                />
                <output htmlFor="spikeSensitivity" className="suffix">
                  {formatNumber(Number(draft.spikeSensitivity), 2)}
                </output>
              </div>
              <div className="field-hint" id="spikeSensitivity-hint">
                Left: never lock money into long periods. Right: lock longer at the slightest rise in rates.
              </div>
            </div>
            <TextField id="loopIntervalSec" label="Check the market every" suffix="seconds" inputMode="numeric" value={draft.loopIntervalSec} onChange={(v) => update({ loopIntervalSec: v })} error={errors.loopIntervalSec} hint="30 to 3600 seconds (30 s is as often as Bitfinex's rate limits allow)." />
            <TextField id="staleOfferMinutes" label="Reprice unfilled offers after" suffix="minutes" inputMode="numeric" value={draft.staleOfferMinutes} onChange={(v) => update({ staleOfferMinutes: v })} error={errors.staleOfferMinutes} hint="5 to 1440 minutes." />
            <Toggle id="dryRun" label="Dry run: plan and explain, but place and cancel nothing" checked={draft.dryRun} onChange={(v) => update({ dryRun: v })} />
            <Toggle id="keepLendingWhenClosed" label="Keep lending while LendPace is closed" checked={draft.keepLendingWhenClosed} onChange={(v) => update({ keepLendingWhenClosed: v })} hint="Hands the balance to Bitfinex auto-renew on quit and takes it back on start." />
            <Toggle id="cancelOffersOnStop" label="Cancel the bot's open offers when I stop it" checked={draft.cancelOffersOnStop} onChange={(v) => update({ cancelOffersOnStop: v })} />
          </div>
        </Card>
        <Card title="App">
          <div className="grid-fields">
            <Toggle id="notifyFilled" label="Notify when an offer is filled" checked={draft.notifications.offerFilled} onChange={(v) => update({ notifications: { ...draft.notifications, offerFilled: v } })} />
            <Toggle id="notifyReturned" label="Notify when a loan is returned" checked={draft.notifications.loanReturned} onChange={(v) => update({ notifications: { ...draft.notifications, loanReturned: v } })} />
            <Toggle id="notifyAttention" label="Notify when something needs me" checked={draft.notifications.needsAttention} onChange={(v) => update({ notifications: { ...draft.notifications, needsAttention: v } })} />
            <Toggle id="startOnLogin" label="Start LendPace when I log in" checked={draft.startOnLogin} onChange={(v) => update({ startOnLogin: v })} />
            <div className="field">
              <label className="field-label" htmlFor="theme">
                Theme
              </label>
              <select id="theme" value={draft.theme} onChange={(e) => update({ theme: e.target.value as SettingsDraft['theme'] })} data-testid="field-theme">
                <option value="system">Follow the system</option>
                <option value="light">Light</option>
                <option value="dark">Dark</option>
              </select>
            </div>
            <div className="field">
              <label className="field-label" htmlFor="displayCurrency">
                Show all-currency earnings in
              </label>
              <select id="displayCurrency" value={draft.displayCurrency} onChange={(e) => update({ displayCurrency: e.target.value as Currency })} aria-describedby="displayCurrency-hint" data-testid="field-displayCurrency">
                {CURRENCIES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
              <div className="field-hint" id="displayCurrency-hint">
                Converted at Bitfinex's trading price (BTC/USD, ETH/USD); USDt counts as 1 USD.
              </div>
            </div>
          </div>
        </Card>
        <div className="form-actions sticky-actions">
          <button type="submit" className="button primary" disabled={!validation.ok || !dirty || busy} data-testid="save-settings">
            {busy ? 'Saving…' : 'Save settings'}
          </button>
          <button type="button" className="button" disabled={!dirty || busy} onClick={() => setDraft(toDraft(settings))}>
            Revert
          </button>
          {!validation.ok ? <span className="error-text" data-testid="settings-invalid">Fix the fields marked in red to save.</span> : null}
          {savedAt && !dirty ? <span className="ok-text" data-testid="settings-saved">Saved.</span> : null}
        </div>
        {serverError ? <Notice tone="danger" testId="settings-server-error">{serverError}</Notice> : null}
      </form>
    </div>
  )
}
