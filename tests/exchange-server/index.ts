export { startTestExchange, DEFAULT_RATE_LIMITS } from './server'
export type { TestExchange, TestExchangeOptions, Fault, FaultKind, KeySpec, RequestRecord, AccountView, LimitGroup } from './server'
export { GeneratedMarket, HOUR, type MarketOverrides, type StatRow } from './market'
