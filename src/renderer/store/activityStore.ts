// The activity log's slice: the filters the user chose, the page of history they select, and the live
// entries the core pushes (a new line, or a folded line whose count grew: same id, replaced in place).
import { create } from 'zustand'
import type { ActivityEvent, ActivityKind, ActivityQuery } from '../../shared/contract'
import { getApi, userMessage } from '../bridge'

const HOUR_MS = 3_600_000
export const ACTIVITY_RANGES = { '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS, '30d': 30 * 24 * HOUR_MS, '90d': 90 * 24 * HOUR_MS } as const
export type ActivityRange = keyof typeof ACTIVITY_RANGES

/** The kind filter in words a user picks from; each maps to the kinds it shows. */
export const ACTIVITY_KIND_GROUPS = {
  all: null,
  money: ['fill', 'return', 'payment'],
  offers: ['place', 'cancel'],
  notes: ['hold', 'info'],
  errors: ['error'],
  you: ['start', 'stop', 'settings']
} as const satisfies Record<string, readonly ActivityKind[] | null>
export type ActivityKindGroup = keyof typeof ACTIVITY_KIND_GROUPS

export interface ActivityFilters {
  range: ActivityRange
  /** A currency, or 'any'. App-wide entries (start, stop, settings) show under every currency. */
  currency: string
  kinds: ActivityKindGroup
}

const PAGE = 200

export interface ActivityState {
  filters: ActivityFilters
  events: ActivityEvent[]
  more: boolean
  keptSince: number | null
  loading: boolean
  error: string | null
  setFilters(patch: Partial<ActivityFilters>): Promise<void>
  load(): Promise<void>
  /** Listen for live entries; returns the unsubscribe. */
  listen(): () => void
}

export function activityQuery(filters: ActivityFilters): ActivityQuery {
  const kinds = ACTIVITY_KIND_GROUPS[filters.kinds]
  return {
    lastMs: ACTIVITY_RANGES[filters.range],
    limit: PAGE,
    ...(filters.currency !== 'any' && { currencies: [filters.currency, 'all'] }),
    ...(kinds && { kinds: [...kinds] })
  }
}

const matches = (e: ActivityEvent, f: ActivityFilters): boolean => {
  const kinds: readonly ActivityKind[] | null = ACTIVITY_KIND_GROUPS[f.kinds]
  return (f.currency === 'any' || e.currency === f.currency || e.currency === 'all') && (!kinds || kinds.includes(e.kind))
}

/** Newest first by start time; a folded line that grew keeps its place. */
export function mergeActivity(events: ActivityEvent[], e: ActivityEvent): ActivityEvent[] {
  const i = events.findIndex((x) => x.id === e.id)
  if (i >= 0) return events.map((x, j) => (j === i ? e : x))
  return [e, ...events].sort((a, b) => b.at - a.at).slice(0, PAGE)
}

let loadSeq = 0

export const useActivityStore = create<ActivityState>()((set, get) => ({
  filters: { range: '24h', currency: 'any', kinds: 'all' },
  events: [],
  more: false,
  keptSince: null,
  loading: false,
  error: null,
  async setFilters(patch) {
    set((s) => ({ filters: { ...s.filters, ...patch } }))
    await get().load()
  },
  async load() {
    const seq = ++loadSeq
    set({ loading: true, error: null })
    try {
      const page = await getApi().queryActivity(activityQuery(get().filters))
      // A slower answer to an older filter must not replace the newer one.
      if (seq === loadSeq) set({ events: page.events, more: page.more, keptSince: page.keptSince, loading: false })
    } catch (error) {
      if (seq === loadSeq) set({ loading: false, error: userMessage(error) })
    }
  },
  listen() {
    return getApi().on('activity', (e) => {
      if (matches(e, get().filters)) set((s) => ({ events: mergeActivity(s.events, e) }))
    })
  }
}))
