// Which rate-limit bucket a request path belongs to, and that bucket's budget in requests per minute
// (docs/bitfinex.md, Rate limits). Bitfinex counts per endpoint, not per symbol, so the symbol is not part of the key.

export const ENDPOINT_BUDGETS = {
  ticker: 90,
  tickers: 30,
  book: 240,
  trades: 15,
  candles: 30,
  stats1: 15,
  platformStatus: 30,
  // Not stated by Bitfinex: we assume the strictest common figure rather than none.
  fundingStats: 30,
  // Every authenticated endpoint: 90/min each.
  auth: 90,
  // Anything we have not classified: the low end of Bitfinex's stated 10–90 range.
  other: 10
} as const

export type EndpointGroup = keyof typeof ENDPOINT_BUDGETS

const PUBLIC_MATCHERS: Array<[RegExp, EndpointGroup]> = [
  [/^\/ticker\//, 'ticker'],
  [/^\/tickers/, 'tickers'],
  [/^\/book\//, 'book'],
  [/^\/trades\//, 'trades'],
  [/^\/candles\//, 'candles'],
  [/^\/stats1\//, 'stats1'],
  [/^\/platform\/status/, 'platformStatus'],
  [/^\/funding\/stats\//, 'fundingStats']
]

export interface EndpointId {
  /** Bucket key: one sliding window and one ban per key. */
  key: string
  perMinute: number
}

/** `path` as passed to RESTv2 helpers: starts with "/", excludes "/v2", may carry a query string. */
export function endpointOf(path: string, overrides: Partial<Record<EndpointGroup, number>> = {}): EndpointId {
  const bare = path.split('?')[0]
  if (bare.startsWith('/auth/')) {
    // One bucket per endpoint: drop symbol/currency segments (fUSD, USD, tBTCUSD).
    const key = bare
      .split('/')
      .filter((seg) => !/^(f|t)?[A-Z0-9]{3,}$/.test(seg))
      .join('/')
    return { key, perMinute: overrides.auth ?? ENDPOINT_BUDGETS.auth }
  }
  for (const [re, group] of PUBLIC_MATCHERS) {
    if (re.test(bare)) return { key: group, perMinute: overrides[group] ?? ENDPOINT_BUDGETS[group] }
  }
  return { key: `other:${bare}`, perMinute: overrides.other ?? ENDPOINT_BUDGETS.other }
}
