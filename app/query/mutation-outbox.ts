import { dehydrate, hydrate, type DehydratedState, type Mutation, type QueryClient } from '@tanstack/react-query'
import { createStore, del, entries, set, type UseStore } from 'idb-keyval'
import { changeIdOf, randomId, savedChanges } from './outbox-state'

/**
 * The outbox: changes made in this browser that the server has not answered yet, one IndexedDB
 * record each, so they survive closing the tab. Kept apart from the persisted query cache: a
 * record is written the moment its change starts (not on the cache's throttled save), one tab's
 * save never overwrites another tab's changes, and a new build does not throw them away.
 *
 * Each tab names itself and holds a Web Lock for as long as it lives. A record belongs to the tab
 * that made it; another tab adopts it (and sends it) only once its owner is gone, so a change is
 * never sent by two live tabs at once.
 */

type DehydratedMutation = DehydratedState['mutations'][number]
type CachedMutation = Mutation<unknown, Error, unknown, unknown>
type OutboxRecord = { owner: string; mutation: DehydratedMutation }

const TAB_LOCK_PREFIX = 'cartwheel-tab:'
const ADOPT_LOCK = 'cartwheel-outbox-adopt'

/** Each tab's name (one QueryClient per tab), made when its outbox starts. */
const tabIds = new WeakMap<QueryClient, string>()

function tabIdOf(client: QueryClient) {
  let id = tabIds.get(client)
  if (!id) tabIds.set(client, (id = randomId()))
  return id
}

export type OutboxOptions = {
  /** Which changes belong in the outbox. */
  keeps: (mutation: CachedMutation) => boolean
  /** Whether a record read back is still one this build can send (its variables still fit). */
  isSendable: (mutation: DehydratedMutation) => boolean
  /** Records older than this are dropped unsent. */
  maxAgeMs: number
}

// One connection for the tab, opened when the outbox starts: a change made as the tab closes is
// written at once, not after opening a database the closing page no longer waits for.
let outboxStore: UseStore | undefined
const store = () => (outboxStore ??= createStore('cartwheel-outbox', 'changes'))

function dehydrateOne(client: QueryClient, mutation: CachedMutation) {
  return dehydrate(client, { shouldDehydrateQuery: () => false, shouldDehydrateMutation: (candidate) => candidate === mutation }).mutations[0]
}

/**
 * Starts keeping this tab's changes on disk: a record when a change starts (or pauses), gone
 * when it is answered. Returns the function that stops it.
 */
export function startOutbox(client: QueryClient, { keeps }: Pick<OutboxOptions, 'keeps'>) {
  const tabId = tabIdOf(client)
  // Held until the tab is gone (or the outbox stops): it tells other tabs this one still sends its own changes.
  let releaseTabLock = () => {}
  void navigator.locks?.request(`${TAB_LOCK_PREFIX}${tabId}`, () => new Promise<void>((release) => (releaseTabLock = release)))
  const outbox = store()
  const keep = (mutation: CachedMutation) => {
    const record = dehydrateOne(client, mutation)
    const id = changeIdOf(mutation)
    if (record) void set(id, { owner: tabId, mutation: record } satisfies OutboxRecord, outbox).then(() => savedChanges.add(id))
  }
  const isKept = (mutation: CachedMutation) => keeps(mutation) && mutation.state.submittedAt !== 0
  const unsubscribe = client.getMutationCache().subscribe((event) => {
    const mutation = event.mutation
    if (!mutation || !isKept(mutation)) return
    if (mutation.state.status === 'pending') keep(mutation)
    else if (event.type === 'updated' || event.type === 'removed') {
      const id = changeIdOf(mutation)
      void del(id, outbox).then(() => savedChanges.remove(id))
    }
  })
  // The outbox starts after the page is interactive (its code loads then): a change made in
  // between is already pending, and is written now.
  for (const mutation of client.getMutationCache().getAll()) {
    if (isKept(mutation) && mutation.state.status === 'pending') keep(mutation)
  }
  return () => {
    unsubscribe()
    releaseTabLock()
  }
}

/** The tabs alive now, by the locks they hold; undefined where the browser has no Web Locks. */
async function liveTabs(): Promise<Set<string> | undefined> {
  if (!navigator.locks) return undefined
  const { held = [] } = await navigator.locks.query()
  return new Set(held.flatMap((lock) => (lock.name?.startsWith(TAB_LOCK_PREFIX) ? [lock.name.slice(TAB_LOCK_PREFIX.length)] : [])))
}

/**
 * Takes over the changes of tabs that are gone: hydrates them into this tab's cache (marked
 * `restored`, in the order they were made) and claims their records. Expired or unsendable
 * records are dropped. Returns how many were adopted.
 */
export async function adoptOrphanedChanges(client: QueryClient, { isSendable, maxAgeMs }: Omit<OutboxOptions, 'keeps'>) {
  const outbox = store()
  const tabId = tabIdOf(client)
  const adopt = async () => {
    const [records, alive] = await Promise.all([entries<string, OutboxRecord>(outbox), liveTabs()])
    const known = new Set(client.getMutationCache().getAll().map(changeIdOf))
    const orphans = records.filter(([id, record]) => record.owner !== tabId && !known.has(id) && !(alive?.has(record.owner) ?? false))
    const cutoff = Date.now() - maxAgeMs
    const keep = orphans.filter(([, record]) => record.mutation.state.submittedAt > cutoff && isSendable(record.mutation))
    await Promise.all(orphans.filter((orphan) => !keep.includes(orphan)).map(([id]) => del(id, outbox)))
    keep.sort(([, a], [, b]) => a.mutation.state.submittedAt - b.mutation.state.submittedAt)
    // Paused, as a change waiting for the network is: the client's `resumePausedMutations` sends them.
    const mutations = keep.map(([id, record]) => ({
      ...record.mutation,
      state: { ...record.mutation.state, isPaused: true },
      meta: { ...record.mutation.meta, restored: true, outboxId: id },
    }))
    hydrate(client, { mutations, queries: [] })
    await Promise.all(keep.map(([id, record]) => set(id, { ...record, owner: tabId }, outbox)))
    for (const [id] of keep) savedChanges.add(id)
    return keep.length
  }
  // One tab adopts at a time, so two tabs opened together cannot both take the same change.
  return navigator.locks ? navigator.locks.request(ADOPT_LOCK, adopt) : adopt()
}
