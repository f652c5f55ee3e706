import { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister'
import { defaultShouldDehydrateQuery, type Mutation, type Query } from '@tanstack/react-query'
import type { PersistedClient, PersistQueryClientOptions } from '@tanstack/react-query-persist-client'
import { del, get, set } from 'idb-keyval'

/**
 * What this browser keeps across reloads (IndexedDB, through the async storage persister): the
 * catalog, stock and cart queries, and cart changes waiting for the network. Not kept: admin data
 * (another person's session may use this browser next), orders (addresses stay on the server),
 * and an order being placed (never queued: see docs/offline-and-retry.md).
 */
const PERSISTED_QUERY_ROOTS = new Set(['catalog', 'stock', 'cart'])
const PERSISTED_MUTATION_ROOTS = new Set(['cart'])

/** A day: older data is more misleading than helpful, and a queued change older than that is dropped. */
export const PERSIST_MAX_AGE_MS = 24 * 60 * 60 * 1000

const STORAGE_KEY = 'cartwheel-query-cache'

const rootOf = (key: readonly unknown[] | undefined) => (typeof key?.[0] === 'string' ? key[0] : undefined)

export const shouldPersistQuery = (query: Query) => defaultShouldDehydrateQuery(query) && PERSISTED_QUERY_ROOTS.has(rootOf(query.queryKey) ?? '')

/**
 * Every cart change not yet answered: waiting for the network, or on its way when the tab closed
 * (its answer may never come). Either is safe to send again after a reload; see offline-sync.ts.
 */
export const shouldPersistMutation = (mutation: Mutation) =>
  mutation.state.status === 'pending' && PERSISTED_MUTATION_ROOTS.has(rootOf(mutation.options.mutationKey) ?? '')

type Listener = () => void

type PersistedMutation = { mutationKey?: readonly unknown[]; state: { submittedAt: number; variables?: unknown } }

/** Names one queued change the same way in the cache and on disk. */
export const changeId = ({ mutationKey, state }: PersistedMutation) => `${JSON.stringify(mutationKey)}@${state.submittedAt}:${JSON.stringify(state.variables)}`

/**
 * The queued changes the last finished write put on disk: the offline banner says a change is
 * safe on this device only once it is really there.
 */
export const savedChanges = (() => {
  let saved: ReadonlySet<string> = new Set()
  const listeners = new Set<Listener>()
  return {
    get: () => saved,
    set(next: ReadonlySet<string>) {
      saved = next
      for (const listener of listeners) listener()
    },
    subscribe(listener: Listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
})()

// What the write in progress holds. The persister serializes and then stores, one write at a
// time, so the changes noted by `serialize` are the ones `setItem` stores next.
let writing: ReadonlySet<string> = new Set()

const serialize = (client: PersistedClient) => {
  writing = new Set(client.clientState.mutations.map((mutation) => changeId(mutation)))
  return JSON.stringify(client)
}

const indexedDbStorage = {
  getItem: (key: string) => get<string>(key).then((value) => value ?? null),
  setItem: async (key: string, value: string) => {
    const changes = writing
    await set(key, value)
    savedChanges.set(changes)
  },
  removeItem: (key: string) => del(key),
}

/**
 * The persist options for the browser's PersistQueryClientProvider. The buster is the build id:
 * a new build starts with an empty cache rather than data shaped for the old code.
 */
export function createPersistOptions(): Omit<PersistQueryClientOptions, 'queryClient'> {
  return {
    persister: createAsyncStoragePersister({
      storage: typeof indexedDB === 'undefined' ? undefined : indexedDbStorage,
      key: STORAGE_KEY,
      serialize,
      // Short, so a change queued offline is on disk within half a second of the last cache change.
      throttleTime: 500,
    }),
    maxAge: PERSIST_MAX_AGE_MS,
    buster: String(import.meta.env.VITE_BUILD_ID ?? 'development'),
    dehydrateOptions: { shouldDehydrateQuery: shouldPersistQuery, shouldDehydrateMutation: shouldPersistMutation },
  }
}
