import { useSyncExternalStore } from 'react'
import type { InventoryRow } from './inventory.schemas'

/**
 * What an admin is typing into a row, kept outside the query cache: a background refetch rewrites
 * the cache every 15 s and must never touch a draft. `base` is the row as it was when editing
 * began; when the cache moves away from it, the row says "changed on server".
 */
export type RowDraft = {
  stock: string
  price: string
  base: Pick<InventoryRow, 'stock' | 'priceCents' | 'version'>
  status: 'editing' | 'saving' | 'conflict'
  /** The server's row when a save met a newer version. */
  theirs?: InventoryRow
  error?: string
}

/**
 * Values by product id (drafts, selection), each id with its own subscribers: a change for one row
 * re-renders that row only.
 */
export function createRowStore<T>() {
  const values = new Map<number, T>()
  const listeners = new Map<number, Set<() => void>>()
  const everyone = new Set<() => void>()
  return {
    get: (productId: number) => values.get(productId),
    keys: () => [...values.keys()],
    set(productId: number, value: T | undefined) {
      if (value === undefined) values.delete(productId)
      else values.set(productId, value)
      for (const listener of listeners.get(productId) ?? []) listener()
      for (const listener of everyone) listener()
    },
    subscribe(productId: number, listener: () => void) {
      let set = listeners.get(productId)
      if (!set) listeners.set(productId, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
    /** For the few who need the whole set (the bulk bar's count). */
    subscribeAll(listener: () => void) {
      everyone.add(listener)
      return () => everyone.delete(listener)
    },
  }
}

export type RowStore<T> = ReturnType<typeof createRowStore<T>>
export type DraftStore = RowStore<RowDraft>

export function useRowValue<T>(store: RowStore<T>, productId: number) {
  return useSyncExternalStore(
    (listener) => store.subscribe(productId, listener),
    () => store.get(productId),
    () => undefined,
  )
}

export const dollars = (cents: number) => (cents / 100).toFixed(2)

/** Parses what was typed; undefined when it is not a valid stock or price. */
export function parseDraft(draft: Pick<RowDraft, 'stock' | 'price'>) {
  const stock = /^\d{1,7}$/.test(draft.stock.trim()) ? Number(draft.stock) : undefined
  const price = /^\d{1,6}(\.\d{1,2})?$/.test(draft.price.trim()) ? Math.round(Number(draft.price) * 100) : undefined
  return { stock: stock !== undefined && stock <= 1_000_000 ? stock : undefined, priceCents: price }
}
