// The real bot's policy (litianyu529-stack/Bitfinex-lendingbot), read from its own record
// (../shared/data/bitfinex/lendingbot/lending-analysis-…json, key `policy`) and checked with zod, so
// the `lendingbot` backtest strategy replays exactly the parameters the bot ran with, never typed in.
// The record stores decimals as strings ("0.065"), minutes and periods as numbers.
import { z } from 'zod'
import { firstIssueSentence } from '../../../shared/zodIssue'
import { firstBotJson } from '../../exchange/simulated/calibration'

export const POOLS = ['short', 'medium', 'long'] as const
export type Pool = (typeof POOLS)[number]
export const LAYERS = ['quick', 'balanced', 'high'] as const
export type Layer = (typeof LAYERS)[number]

/** A decimal the record stores as a number or as a string ("0.065"). */
export const decimal = z.union([z.number(), z.string().trim().min(1).transform(Number)]).pipe(z.number().finite())
const share = decimal.pipe(z.number().min(0).max(100))
const stages = z.array(z.number().int().positive()).min(1).refine((xs) => xs.every((x, i) => i === 0 || x > xs[i - 1]), 'reprice stages must be increasing minutes')
const periods = z.array(z.number().int().min(2).max(120)).min(1)

const policySchema = z.object({
  version: z.number().int(),
  currency: z.string(),
  enable_limit: z.boolean(),
  enable_frr: z.boolean(),
  enable_frr_delta_fixed: z.boolean(),
  enable_frr_delta_variable: z.boolean(),
  enable_hidden: z.boolean(),
  short_periods: periods,
  medium_periods: periods,
  long_periods: periods,
  short_share: share,
  medium_share: share,
  long_share: share,
  quick_share: share,
  balanced_share: share,
  high_share: share,
  short_floor_apr: decimal.pipe(z.number().positive()),
  medium_floor_apr: decimal.pipe(z.number().positive()),
  long_floor_apr: decimal.pipe(z.number().positive()),
  normal_fee_rate: decimal.pipe(z.number().min(0).lt(1)),
  short_reprice_stages_minutes: stages,
  medium_reprice_stages_minutes: stages,
  long_reprice_stages_minutes: stages,
  quick_short_reprice_stages_minutes: stages,
  quick_medium_reprice_stages_minutes: stages,
  quick_long_reprice_stages_minutes: stages,
  balanced_start_premium_percent: decimal.pipe(z.number().min(0)),
  high_start_premium_percent: decimal.pipe(z.number().min(0)),
  balanced_landing_stage: z.number().int().positive(),
  high_landing_stage: z.number().int().positive(),
  minimum_rate_change: decimal.pipe(z.number().min(0)),
  max_reprices_per_hour: z.number().int().min(0),
  reprice_cooldown_minutes: z.number().int().min(0),
  minimum_offer_minutes: z.number().int().min(0),
  max_pool_shift: decimal.pipe(z.number().min(0).max(100)),
  max_lend_percent: decimal.pipe(z.number().min(0).max(100))
})

// The record's `recent_market` (90-day public trades per period up to its 2026-09-06 snapshot) is not
// read: for a replay from 08-06 on it holds trades that had not happened yet (lendingbot.ts
// periodDemandShares reads the bids seen up to the step instead).
const recordSchema = z.object({ policy: policySchema })

export interface LendingbotPolicy {
  /** File the policy was read from, to cite. */
  source: string
  periods: Record<Pool, number[]>
  /** Fractions of the money being offered (0.5 = 50 %). */
  poolShare: Record<Pool, number>
  layerShare: Record<Layer, number>
  /** Net APR floors after the configured fee, as fractions (0.065 = 6.5 %). */
  floorNetApr: Record<Pool, number>
  /** The fee the bot priced its floors with (normal_fee_rate), a fraction. */
  feeRate: number
  /** Minutes after the chain's first offer at which an unfilled offer moves one stage down, per layer and pool. */
  stages: Record<Layer, Record<Pool, number[]>>
  /** Start premium over the floor rate per layer, a fraction. */
  startPremium: Record<Layer, number>
  /** The stage (1-based) at which an offer has come down to its landing (market) rate, per layer. */
  landingStage: Record<Layer, number>
  /** Daily rate; a reprice smaller than this is skipped. */
  minimumRateChange: number
  maxRepricesPerHour: number
  repriceCooldownMinutes: number
  minimumOfferMinutes: number
  maxLendShare: number
  /** Offer kinds the bot had switched on beyond visible LIMIT offers (the replay does not model them). */
  otherOfferKinds: string[]
}

/** A part of the real bot's record that cannot be read or does not hold together. */
class BotRecordError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BotRecordError'
  }
}

/** `json` (one lendingbot/*.json) checked by `schema`, or an error sentence naming `what` and the field. */
export function parseBotRecord<T>(schema: z.ZodType<T>, json: unknown, source: string, what: string): T {
  const found = schema.safeParse(json)
  if (!found.success) throw new BotRecordError(`${source}: ${what} cannot be read (${firstIssueSentence(found.error, { fallback: 'a field has the wrong shape' })}).`)
  return found.data
}

/** The policy of one record (the parsed JSON), or an error sentence naming the field. */
export function parseLendingbotPolicy(json: unknown, source: string): LendingbotPolicy {
  const record = parseBotRecord(recordSchema, json, source, "the bot's policy")
  const p = record.policy
  if (Math.abs(p.short_share + p.medium_share + p.long_share - 100) > 1e-9) throw new BotRecordError(`${source}: the short, medium and long shares must add up to 100.`)
  if (Math.abs(p.quick_share + p.balanced_share + p.high_share - 100) > 1e-9) throw new BotRecordError(`${source}: the quick, balanced and high shares must add up to 100.`)
  const layerStages: Record<Layer, Record<Pool, number[]>> = {
    quick: { short: p.quick_short_reprice_stages_minutes, medium: p.quick_medium_reprice_stages_minutes, long: p.quick_long_reprice_stages_minutes },
    balanced: { short: p.short_reprice_stages_minutes, medium: p.medium_reprice_stages_minutes, long: p.long_reprice_stages_minutes },
    high: { short: p.short_reprice_stages_minutes, medium: p.medium_reprice_stages_minutes, long: p.long_reprice_stages_minutes }
  }
  // The record has no quick_landing_stage nor quick_start_premium_percent. The bot's author describes
  // its curve (docs/lending-analysis-2026-09-06.md §2): quick and balanced share one start framework
  // and quick differs only by its faster stages (it lands at 30/60/180 min = its 5th stage), so quick
  // takes balanced's landing stage and premium.
  const landingStage: Record<Layer, number> = { quick: p.balanced_landing_stage, balanced: p.balanced_landing_stage, high: p.high_landing_stage }
  for (const layer of LAYERS)
    for (const pool of POOLS)
      if (landingStage[layer] > layerStages[layer][pool].length)
        throw new BotRecordError(`${source}: the ${layer} landing stage ${landingStage[layer]} is beyond its ${layerStages[layer][pool].length} ${pool} reprice stages.`)
  return {
    source,
    periods: { short: p.short_periods, medium: p.medium_periods, long: p.long_periods },
    poolShare: { short: p.short_share / 100, medium: p.medium_share / 100, long: p.long_share / 100 },
    layerShare: { quick: p.quick_share / 100, balanced: p.balanced_share / 100, high: p.high_share / 100 },
    floorNetApr: { short: p.short_floor_apr, medium: p.medium_floor_apr, long: p.long_floor_apr },
    feeRate: p.normal_fee_rate,
    stages: layerStages,
    startPremium: { quick: p.balanced_start_premium_percent / 100, balanced: p.balanced_start_premium_percent / 100, high: p.high_start_premium_percent / 100 },
    landingStage,
    minimumRateChange: p.minimum_rate_change,
    maxRepricesPerHour: p.max_reprices_per_hour,
    repriceCooldownMinutes: p.reprice_cooldown_minutes,
    minimumOfferMinutes: p.minimum_offer_minutes,
    maxLendShare: p.max_lend_percent / 100,
    otherOfferKinds: [
      ...(p.enable_frr ? ['FRR'] : []),
      ...(p.enable_frr_delta_fixed ? ['FRR delta fixed'] : []),
      ...(p.enable_frr_delta_variable ? ['FRR delta variable'] : []),
      ...(p.enable_hidden ? ['hidden'] : []),
      ...(p.enable_limit ? [] : ['(LIMIT switched off)'])
    ]
  }
}

/** The first lendingbot/*.json of the folder holding a policy; null when there is none. */
export async function loadLendingbotPolicy(dataDir: string): Promise<LendingbotPolicy | null> {
  // Loose: the policy is checked by parseLendingbotPolicy; the rest of the record is not needed here.
  const found = await firstBotJson(dataDir, z.looseObject({ policy: z.unknown() }))
  return found ? parseLendingbotPolicy(found.data, `${found.file} policy`) : null
}

/**
 * Bitfinex funding rates are daily (APR = rate × 365). The bot's floors are NET APR after its configured
 * fee: its gross_daily_floor is net / 365 / (1 − fee), rounded up to its 1e-7 rate tick (StrategyV3.py),
 * and the record shows it: 23 of its 2-day fills sit at exactly 0.0002088 = ceil(0.065 / 365 / 0.853).
 */
export const BOT_RATE_TICK = 1e-7
export const ceilTick = (rate: number) => Math.ceil(rate / BOT_RATE_TICK - 1e-9) * BOT_RATE_TICK
export function grossDailyFloor(policy: LendingbotPolicy, pool: Pool): number {
  return ceilTick(policy.floorNetApr[pool] / 365 / (1 - policy.feeRate))
}

