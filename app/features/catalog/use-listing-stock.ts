import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useOnline } from '~/lib/online'
import { stockQueries } from './stock.queries'

const NONE: ReadonlySet<number> = new Set()

/**
 * Keeps a listing's stock numbers fresh while it is on screen: one batch request for all its
 * products, every 30 s and on focus (the volatile tier). The listing's own answer is the first
 * batch (`initialData`, dated when the listing arrived), so nothing is fetched on arrival.
 *
 * Returns the products whose number is not confirmed: all of them while the batch fails or the
 * browser is offline (each card keeps its last known number), or those the answer reported `missing`.
 */
export function useListingStock(productIds: readonly number[], listedAt: number): ReadonlySet<number> {
  const { data, isError } = useQuery({
    ...stockQueries.batch(productIds),
    initialData: { missing: [] },
    initialDataUpdatedAt: listedAt,
  })
  // Offline, nothing can be confirmed: every number is the last one known.
  const online = useOnline()
  const missing = data.missing
  return useMemo(() => (isError || !online ? new Set(productIds) : missing.length > 0 ? new Set(missing) : NONE), [isError, online, missing, productIds])
}
