// The account as the dashboard shows it, from whichever read produced it: the lending cycle's own (no
// request of its own) or a read for the dashboard while the loop is stopped. Whoever read, what happened
// to the money since the read before (fills, returns) goes into the history at once.
import type { CurrencySummary } from '../../../shared/contract'
import type { AccountState, Currency, Loan, Offer } from '../../../shared/domain'
import type { FundingExchange } from '../../exchange/port'
import type { Clock } from '../../platform/clock'
import type { DecisionLog } from '../decisionLog'
import { fillSentence, returnSentence, unseenReturnSentence, type LoanTracker } from '../earnings/loanTracker'
import type { HistoryStore } from '../storage'
import { summarizeCurrency } from './summary'

interface AccountViewsDeps {
  clock: Clock
  loans: LoanTracker
  decisions: DecisionLog
  history: HistoryStore
  reserve: (currency: Currency) => number
  /** The dashboard's "fill model: prior + N of your fills" for a currency (core/learning). */
  fillModel?: (currency: Currency) => string
  /** Loans found returned while the app was closed: their lives go to the learning record, censored. */
  learnUnseenReturns?: (currency: Currency, returned: Loan[], lastSeenAt: number) => void
}

export interface AccountViews {
  /** Read one currency's wallet, offers and loans from the exchange. */
  read(exchange: FundingExchange, currency: Currency): Promise<CurrencySummary>
  /** The account a lending cycle read (and changed): no request. */
  fromCycle(account: AccountState): CurrencySummary
}

export function createAccountViews(deps: AccountViewsDeps): AccountViews {
  const { history } = deps

  /** Fills and returns since the last read go into the history at once: money news is written when it happens. */
  function recordLoanNews(currency: Currency, loans: Loan[]): void {
    const now = deps.clock.now()
    const { filled, returned, unseenSince } = deps.loans.observe(currency, loans, now)
    // Compared with the account last seen before this run: a fill the last run already noted (it closed
    // before its last-known account reached the disk) is not noted twice; a new one is dated when it opened.
    const notedFills = unseenSince === undefined || filled.length === 0 ? null : fillsNotedSince(currency, unseenSince)
    for (const loan of filled) {
      if (notedFills?.has(loan.id)) continue
      const at = notedFills ? { at: Math.min(loan.openedAt, now) } : {}
      deps.decisions.note({ kind: 'fill', currency, dryRun: false, loanId: loan.id, amount: loan.amount, rate: loan.rate, period: loan.period, message: fillSentence(loan, currency), ...at })
    }
    const recorded: Loan[] = []
    for (const { loan, event } of returned) {
      // Loans close once: a return already recorded (by the last run, or just now) is not news again.
      if (!history.addEarningsEvent(event)) continue
      const when = unseenSince === undefined ? {} : { at: event.at, until: now }
      const message = unseenSince === undefined ? returnSentence(loan, event, currency) : unseenReturnSentence(loan, unseenSince, now, currency)
      deps.decisions.note({ kind: 'return', currency, dryRun: false, loanId: loan.id, amount: loan.amount, rate: loan.rate, message, ...when })
      recorded.push(loan)
    }
    if (unseenSince !== undefined && recorded.length > 0) deps.learnUnseenReturns?.(currency, recorded, unseenSince)
    if (filled.length + returned.length > 0) history.persist()
  }

  /** Loan ids whose fill the history already holds since `since`. */
  const fillsNotedSince = (currency: Currency, since: number): Set<number | undefined> =>
    new Set(history.query({ kinds: ['fill'], currencies: [currency], from: since, limit: 1000 }).events.map((e) => e.loanId))

  function view(currency: Currency, balance: Parameters<typeof summarizeCurrency>[0]['balance'], offers: Offer[], loans: Loan[]): CurrencySummary {
    recordLoanNews(currency, loans)
    const summary = summarizeCurrency({ currency, balance, offers, loans, reserve: deps.reserve(currency), reasonFor: (id) => history.offerReason(id) })
    return { ...summary, fillModel: deps.fillModel?.(currency) ?? null }
  }

  return {
    async read(exchange, currency) {
      const [balance, offers, loans] = await Promise.all([exchange.lendableBalance(currency), exchange.activeOffers(currency), exchange.activeLoans(currency)])
      return view(currency, balance, offers, loans)
    },
    fromCycle: (account) => view(account.currency, { readable: true, amount: account.available }, account.offers, account.loans)
  }
}
