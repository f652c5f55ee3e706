import type { Mutation } from '@tanstack/react-query'

/**
 * What the page needs to know about the outbox (mutation-outbox.ts) before its IndexedDB code has
 * loaded: the name of each change, which records are on disk, and which changes came from a
 * closed tab. The offline banner and the cascade read these on every page.
 */

type CachedMutation = Mutation<unknown, Error, unknown, unknown>
type Listener = () => void

export const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => byte.toString(16).padStart(2, '0')).join('')

const outboxIds = new WeakMap<CachedMutation, string>()

/**
 * Names one change the same way in memory and on disk, for its whole life: made when the change is
 * first seen, and carried in the meta of a change adopted from disk.
 */
export function changeIdOf(mutation: CachedMutation) {
  const adopted = (mutation.meta as { outboxId?: string } | undefined)?.outboxId
  if (adopted) return adopted
  let id = outboxIds.get(mutation)
  if (!id) outboxIds.set(mutation, (id = randomId()))
  return id
}

/** The changes whose records are on disk now: the offline banner says "saved" only for these. */
export const savedChanges = (() => {
  let saved: ReadonlySet<string> = new Set()
  const listeners = new Set<Listener>()
  const publish = (next: ReadonlySet<string>) => {
    saved = next
    for (const listener of listeners) listener()
  }
  return {
    get: () => saved,
    add: (id: string) => publish(new Set(saved).add(id)),
    remove(id: string) {
      const next = new Set(saved)
      next.delete(id)
      publish(next)
    },
    subscribe(listener: Listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
})()

/** Whether a change was adopted from a tab that is gone (it has no page callbacks here). */
export const isRestoredChange = (mutation: Pick<Mutation, 'meta'>) => mutation.meta?.restored === true
