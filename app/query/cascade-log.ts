import type { Query, QueryClient, QueryKey } from '@tanstack/react-query'

/**
 * What each cascade did to the cache, for the cascade inspector (app/layout/cascade-inspector.tsx):
 * one entry per mutation outcome and per live event, with the queries it wrote, marked stale and
 * refetched. The QueryCache reports each of those synchronously (a `success` with `manual` for
 * setQueryData, an `invalidate`, a `fetch`), so an entry open while its cascade runs sees exactly
 * its own effects. The last ENTRY_LIMIT entries are kept per QueryClient; the inspector's code
 * loads only when it is opened.
 */

export type CascadeEntry = {
  id: number
  at: number
  source: 'mutation' | 'event'
  label: string
  wrote: QueryKey[]
  stale: QueryKey[]
  refetched: QueryKey[]
  /**
   * Queries on screen when it ran: what `invalidateQueries()` (invalidate everything) would have
   * refetched at once. The requests it saved are this minus `refetched`.
   */
  active: number
}

/**
 * The requests an entry saved compared with invalidating everything: the queries on screen that
 * it did not refetch. Never below 0 (a cascade may refetch a query nobody is looking at).
 */
export const savedRequests = (entry: CascadeEntry) => Math.max(0, entry.active - entry.refetched.length)

const ENTRY_LIMIT = 100

type Log = { entries: CascadeEntry[]; open: CascadeEntry[]; listeners: Set<() => void>; nextId: number }

const logs = new WeakMap<QueryClient, Log>()

function logOf(client: QueryClient) {
  let log = logs.get(client)
  if (!log) logs.set(client, (log = { entries: [], open: [], listeners: new Set(), nextId: 1 }))
  return log
}

const add = (keys: QueryKey[], query: Query) => {
  if (!keys.some((key) => key === query.queryKey)) keys.push(query.queryKey)
}

/** Starts recording cascades on this client: call once, when the client is created. */
export function recordCascades(client: QueryClient) {
  const log = logOf(client)
  return client.getQueryCache().subscribe((event) => {
    const entry = log.open.at(-1)
    if (!entry || event.type !== 'updated') return
    const { action, query } = event
    if (action.type === 'success' && action.manual) add(entry.wrote, query)
    else if (action.type === 'invalidate') add(entry.stale, query)
    else if (action.type === 'fetch') {
      add(entry.refetched, query)
      entry.stale = entry.stale.filter((key) => key !== query.queryKey)
    }
  })
}

/** Opens an entry: the cache changes reported until `close` are its effects. */
export function openCascadeEntry(client: QueryClient, source: CascadeEntry['source'], label: string): CascadeEntry {
  const log = logOf(client)
  const entry: CascadeEntry = {
    id: log.nextId++,
    at: Date.now(),
    source,
    label,
    wrote: [],
    stale: [],
    refetched: [],
    active: client.getQueryCache().findAll({ type: 'active' }).length,
  }
  log.open.push(entry)
  return entry
}

export function closeCascadeEntry(client: QueryClient, entry: CascadeEntry) {
  const log = logOf(client)
  const index = log.open.indexOf(entry)
  if (index === -1) return
  log.open.splice(index, 1)
  log.entries = [entry, ...log.entries].slice(0, ENTRY_LIMIT)
  for (const listener of log.listeners) listener()
}

/** Runs a synchronous cascade inside its own entry. */
export function traceCascade(client: QueryClient, source: CascadeEntry['source'], label: string, run: () => void) {
  const entry = openCascadeEntry(client, source, label)
  try {
    run()
  } finally {
    closeCascadeEntry(client, entry)
  }
}

/** The recorded entries, newest first, and a way to hear of new ones. */
export function cascadeEntries(client: QueryClient) {
  const log = logOf(client)
  return {
    get: () => log.entries,
    subscribe(listener: () => void) {
      log.listeners.add(listener)
      return () => void log.listeners.delete(listener)
    },
  }
}
