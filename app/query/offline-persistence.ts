import { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister'
import { defaultShouldDehydrateQuery, matchMutation, matchQuery, type Mutation, type QueryClient, type Query } from '@tanstack/react-query'
import type { PersistedClient, Persister, PersistQueryClientOptions } from '@tanstack/react-query-persist-client'
import { del, get, set } from 'idb-keyval'
import { cartKeys } from '~/features/cart/cart.queries'
import { catalogKeys } from '~/features/catalog/catalog.queries'
import { stockKeys } from '~/features/catalog/stock.queries'

/**
 * What this browser keeps across reloads (IndexedDB): the catalog, stock and cart queries, through
 * the async storage persister; and, in the outbox (mutation-outbox.ts), cart changes the server
 * has not answered. Not kept: admin data (another person may use this browser next), orders
 * (addresses stay on the server), and an order being placed (never queued; see
 * docs/offline-and-retry.md).
 */
const PERSISTED_QUERIES = [catalogKeys.all, stockKeys.all, cartKeys.all].map((queryKey) => ({ queryKey }))
const OUTBOX_MUTATIONS = { mutationKey: cartKeys.all }

/** A day: older data is more misleading than helpful, and a queued change older than that is dropped. */
export const PERSIST_MAX_AGE_MS = 24 * 60 * 60 * 1000

/** Restored entries no page uses stay this long, as the catalog tier's do. */
const RESTORED_GC_TIME_MS = 30 * 60 * 1000

const STORAGE_KEY = 'cartwheel-query-cache'

const shouldPersistQuery = (query: Query) => defaultShouldDehydrateQuery(query) && PERSISTED_QUERIES.some((filters) => matchQuery(filters, query))

/** The changes the outbox keeps on disk until the server answers them. */
export const isOutboxChange = (mutation: Mutation<unknown, Error, unknown, unknown>) => matchMutation(OUTBOX_MUTATIONS, mutation)

const indexedDbStorage = {
  getItem: (key: string) => get<string>(key).then((value) => value ?? null),
  setItem: (key: string, value: string) => set(key, value),
  removeItem: (key: string) => del(key),
}

/**
 * Restores only what the page does not have. The server's render is the truth for what it sent,
 * whatever the two clocks say (Query's own rule keeps the later `dataUpdatedAt`, and a browser
 * clock running fast would let an old copy win); and entries older than a day are dropped.
 */
function fillingInOnly(persister: Persister, client: QueryClient): Persister {
  return {
    ...persister,
    restoreClient: async () => {
      const persisted = await persister.restoreClient()
      if (!persisted) return persisted
      const cutoff = Date.now() - PERSIST_MAX_AGE_MS
      const cache = client.getQueryCache()
      const queries = persisted.clientState.queries.filter(
        (query) => query.state.dataUpdatedAt > cutoff && cache.get(query.queryHash)?.state.data === undefined,
      )
      return { ...persisted, clientState: { mutations: [], queries } } satisfies PersistedClient
    },
  }
}

/**
 * The persist options for the browser's PersistQueryClientProvider. The buster is the build id:
 * a new build starts with an empty query cache rather than data shaped for the old code (queued
 * changes live in the outbox and survive it).
 */
export function createPersistOptions(client: QueryClient): Omit<PersistQueryClientOptions, 'queryClient'> {
  const persister = createAsyncStoragePersister({
    storage: typeof indexedDB === 'undefined' ? undefined : indexedDbStorage,
    key: STORAGE_KEY,
    throttleTime: 1_000,
  })
  return {
    persister: fillingInOnly(persister, client),
    maxAge: PERSIST_MAX_AGE_MS,
    buster: String(import.meta.env.VITE_BUILD_ID ?? 'development'),
    dehydrateOptions: { shouldDehydrateQuery: shouldPersistQuery, shouldDehydrateMutation: () => false },
    hydrateOptions: { defaultOptions: { queries: { gcTime: RESTORED_GC_TIME_MS } } },
  }
}
