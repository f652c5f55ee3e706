import { useQuery } from '@tanstack/react-query'
import { useCallback } from 'react'
import { findLine } from './cart.optimistic'
import { cartQueries } from './cart.queries'
import type { Cart } from './cart.schemas'

/**
 * How many of a product the cart holds; the component re-renders only when that number changes.
 * Mounting one (a card, a product page) does not refetch the cart: the header badge keeps it
 * subscribed, this browser's mutations write it, and focus refreshes it.
 */
export function useCartLineQuantity(productId: number) {
  const select = useCallback((cart: Cart) => findLine(cart, productId)?.quantity ?? 0, [productId])
  return useQuery({ ...cartQueries.detail(), select, refetchOnMount: false }).data ?? 0
}
