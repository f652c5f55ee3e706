import { describe, expect, it } from 'vitest'
import { ZodError } from 'zod'
import { ApiError, NetworkError } from '~/lib/api-error'
import { describeCartFailure } from './cart-messages'

const refusal = (available: number) => new ApiError(409, 'INSUFFICIENT_STOCK', 'Only a few left', { productId: 1, requested: 4, available })

describe('the message for a failed cart change', () => {
  it('says how many are left and what the cart holds now', () => {
    expect(describeCartFailure(refusal(3), { productName: 'Walnut Desk', nowHolds: 3 })).toBe('Only 3 left of Walnut Desk — your cart now holds 3')
  })

  it('says when the product is sold out and no longer in the cart', () => {
    expect(describeCartFailure(refusal(0), { productName: 'Walnut Desk', nowHolds: 0 })).toBe('Walnut Desk is sold out — it is not in your cart')
  })

  it('says when the product is no longer sold', () => {
    const error = new ApiError(409, 'PRODUCT_ARCHIVED', 'Walnut Desk is no longer sold', { productId: 1 })
    expect(describeCartFailure(error, { productName: 'Walnut Desk', nowHolds: 0 })).toBe('Walnut Desk is no longer sold — it is not in your cart')
  })

  it('passes on what the server said for other refusals', () => {
    const error = new ApiError(500, 'INTERNAL_ERROR', 'Something went wrong on our side')
    expect(describeCartFailure(error, { productName: 'Brass Lamp', nowHolds: 2 })).toBe(
      'Brass Lamp was not updated: Something went wrong on our side — your cart now holds 2',
    )
  })

  it('tells a shopper without a connection to check it', () => {
    expect(describeCartFailure(new NetworkError(), { productName: 'Brass Lamp', nowHolds: 1 })).toMatch(/could not reach the shop.*your cart now holds 1$/)
  })

  it('does not show schema internals when an answer cannot be read', () => {
    expect(describeCartFailure(new ZodError([]), { productName: 'Brass Lamp', nowHolds: 1 })).toBe(
      'Brass Lamp was not updated: the shop sent an answer we could not read — your cart now holds 1',
    )
  })

  it('explains a full cart and a write budget spent, in the server’s words', () => {
    const full = new ApiError(409, 'CART_FULL', 'Your cart already holds 50 different products, the most one order can take', { maxLines: 50, maxUnits: 200 })
    expect(describeCartFailure(full, { productName: 'Oak Shelf', nowHolds: 0 })).toBe(
      'Oak Shelf was not updated: Your cart already holds 50 different products, the most one order can take — it is not in your cart',
    )
    const limited = new ApiError(429, 'RATE_LIMITED', 'Too many cart changes just now; try again in 12 seconds', undefined, { retryAfterMs: 12_000 })
    expect(describeCartFailure(limited, { productName: 'Oak Shelf', nowHolds: 1 })).toBe(
      'Oak Shelf was not updated: Too many cart changes just now; try again in 12 seconds — your cart now holds 1',
    )
  })
})
