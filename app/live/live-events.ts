import { z } from 'zod/mini'
import { cartSchema } from '~/features/cart/cart.schemas'
import { stockLevelSchema } from '~/features/catalog/catalog.schemas'
import { adminCategorySchema, productChangeSchema } from '~/features/inventory/catalog-admin.answers'
import { inventoryRowSchema } from '~/features/inventory/inventory.schemas'

/**
 * The live events: what the server tells open browsers after a change commits, over
 * `GET /api/events` (Server-Sent Events). The server publishes them (app/live/event-bus.ts) and
 * the browser parses them with these same schemas before they enter the cascade
 * (app/query/live/). Each payload is built from the feature schemas the API already answers with,
 * so an event and the answer it mirrors cannot drift apart.
 */
export const liveEventSchemas = {
  /** A product's stock moved (a sale, a restock, an edit, a cancelled order). Everyone. */
  stock: stockLevelSchema,
  /**
   * A product was created, or its public fields changed (name, description, address, category,
   * price, archived): the product now, and where it was (null when new). Everyone.
   */
  product: productChangeSchema,
  /** A category was created or renamed. Everyone. */
  category: z.pick(adminCategorySchema, { slug: true, name: true, position: true, version: true }),
  /** This browser's cart changed: sent only to connections that carry the cart's cookie. */
  cart: cartSchema,
  /** A product's inventory row as it is now. Signed-in admins only. */
  inventory: inventoryRowSchema,
  /**
   * The connection asked to resume from an event the server no longer keeps (or never sent): what
   * it missed is unknown, so the browser refreshes what is volatile. Its id is the newest event's.
   */
  reset: z.object({}),
} as const

export type LiveEventType = keyof typeof liveEventSchemas

export type LiveEventData<T extends LiveEventType> = z.infer<(typeof liveEventSchemas)[T]>

/** An event as the browser handles it: the SSE `id`, `event` and parsed `data` fields. */
export type LiveEvent = { [T in LiveEventType]: { id: number; type: T; data: LiveEventData<T> } }[LiveEventType]

/** Who may receive an event: every connection, signed-in admins only, or the connections carrying one cart's token. */
export type Audience = { to: 'everyone' } | { to: 'admins' } | { to: 'cart'; token: string }

/** What a server code path publishes once its transaction has committed (`reset` is the stream's own). */
export type LiveEventInput = { [T in Exclude<LiveEventType, 'reset'>]: { type: T; data: LiveEventData<T>; audience: Audience } }[Exclude<LiveEventType, 'reset'>]

/**
 * Sent first on every connection, without an id (so it never moves the browser's resume point):
 * the newest event id, whether the events after the requested one were replayed, and whom this
 * connection hears as (a cart's owner, an admin).
 */
export const streamHelloSchema = z.object({
  lastEventId: z.number().check(z.int(), z.nonnegative()),
  resumed: z.boolean(),
  cart: z.boolean(),
  admin: z.boolean(),
})

export type StreamHello = z.infer<typeof streamHelloSchema>

/** The resume point a server-rendered page starts from: the newest event id when its data was read. */
export const eventCursorSchema = z.object({ lastEventId: z.number().check(z.int(), z.nonnegative()) })

/** Parses one event's data by its type; undefined for a type or shape this build does not know. */
export function parseLiveEvent(id: number, type: string, data: unknown): LiveEvent | undefined {
  if (!Object.hasOwn(liveEventSchemas, type)) return undefined
  const parsed = liveEventSchemas[type as LiveEventType].safeParse(data)
  return parsed.success ? ({ id, type, data: parsed.data } as LiveEvent) : undefined
}
