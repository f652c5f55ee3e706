import { noop } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { createQueryClient } from '~/query/query-client'
import { beginCartChange, settleCartChange } from './cart-sync'
import { cartKeys } from './cart.queries'
import type { Cart } from './cart.schemas'

const cartOf = (itemCount: number): Cart => ({ lines: [], itemCount, subtotalCents: 0, currency: 'USD', updatedAt: '2026-12-01T09:00:00.000Z' })

describe('a cart read started while a change is unconfirmed', () => {
  it('is cancelled without taking down the refetch of a last change that settled in the same tick', async () => {
    const client = createQueryClient()
    client.setQueryData(cartKeys.detail(), cartOf(1))
    beginCartChange(client, 1, cartOf(1))
    let reads = 0
    // The first read never answers; the second (the reconciling refetch) answers at once.
    const queryFn = () => (reads++ === 0 ? new Promise<Cart>(noop) : Promise.resolve(cartOf(3)))
    void client.fetchQuery({ queryKey: cartKeys.detail(), queryFn, staleTime: 0 }).catch(noop)
    // Before the guard's cancel runs: the last change settles and refetches, taking over the fetch.
    expect(settleCartChange(client, 1, { failed: false })).toBe('refetch')
    await client.refetchQueries({ queryKey: cartKeys.detail(), type: 'all' })
    expect(reads).toBe(2)
    expect(client.getQueryData(cartKeys.detail())).toEqual(cartOf(3))
  })
})
