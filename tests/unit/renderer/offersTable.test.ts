import { describe, expect, it } from 'vitest'
import { groupOffers } from '../../../src/renderer/components/OffersTable'
import type { OfferView } from '../../../src/shared/contract'

const offer = (id: number, over: Partial<OfferView> = {}): OfferView => ({
  id,
  symbol: 'fUSD',
  createdAt: 1000 + id,
  updatedAt: 1000 + id,
  amount: 500,
  amountOrig: 500,
  type: 'LIMIT',
  status: 'ACTIVE',
  rate: 0.0002,
  period: 2,
  hidden: false,
  reason: 'Same reason.',
  ...over
})

describe('groupOffers', () => {
  it('puts identical offers in one row, oldest first, and keeps different ones apart', () => {
    const groups = groupOffers([offer(3), offer(1), offer(2, { rate: 0.0003 }), offer(4, { reason: 'Another reason.' })])
    expect(groups.map((g) => g.offers.map((o) => o.id))).toEqual([[1, 3], [2], [4]])
  })
})
