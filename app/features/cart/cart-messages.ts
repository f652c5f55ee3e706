import type { QueryClient } from '@tanstack/react-query'
import { $ZodError } from 'zod/v4/core'
import { isApiError, NetworkError } from '~/lib/api-error'
import type { CartChangeVariables } from './cart.mutations'
import { cartKeys } from './cart.queries'

/** The `available` count of a 409 INSUFFICIENT_STOCK answer, if that is what the error is. */
export function availableFromRefusal(error: unknown): number | undefined {
  if (!isApiError(error, 409) || error.code !== 'INSUFFICIENT_STOCK') return undefined
  const available = (error.details as { available?: unknown } | undefined)?.available
  return typeof available === 'number' ? available : undefined
}

/**
 * What the shopper reads when a cart change fails: what failed, why, and what the cart holds now
 * that the change was undone ("Only 3 left of Walnut Desk — your cart now holds 3"). Without
 * `nowHolds` (a later change will decide it), the message stops at what failed.
 */
export function describeCartFailure(error: unknown, { productName, nowHolds }: { productName: string; nowHolds?: number }) {
  const holds = nowHolds === undefined ? '' : nowHolds === 0 ? ' — it is not in your cart' : ` — your cart now holds ${nowHolds}`
  if (isApiError(error, 409) && error.code === 'PRODUCT_ARCHIVED') return `${productName} is no longer sold${holds}`
  const available = availableFromRefusal(error)
  if (available !== undefined) {
    return available === 0 ? `${productName} is sold out${holds}` : `Only ${available} left of ${productName}${holds}`
  }
  const reason =
    error instanceof NetworkError
      ? 'we could not reach the shop. Check your connection and try again'
      : error instanceof $ZodError
        ? 'the shop sent an answer we could not read'
        : isApiError(error)
          ? error.message.replace(/\.$/, '')
          : 'something went wrong'
  return `${productName} was not updated: ${reason}${holds}`
}

/** The product a cart change is about, read from its variables (an add names a product, the others a productId). */
export const productIdOf = (variables: CartChangeVariables) => ('product' in variables ? variables.product.productId : variables.productId)

/** A queued change's product name: from the change itself, or from the cart on screen; undefined if neither knows. */
export function productNameOf(client: QueryClient, variables: CartChangeVariables): string | undefined {
  const named = 'product' in variables ? variables.product.name : variables.productName
  const productId = productIdOf(variables)
  return named ?? client.getQueryData(cartKeys.detail())?.lines.find((line) => line.productId === productId)?.name
}
