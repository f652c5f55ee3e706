import { z } from 'zod/mini'

/**
 * The storefront's own settings. The cache-tier table is read by the browser and the server;
 * the server settings are read from the environment only when the server asks for them.
 */

const SECOND = 1_000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

export type CacheTier = {
  staleTime: number
  gcTime: number
  refetchInterval: number | false
  refetchOnWindowFocus: boolean
  reason: string
}

export const cacheTiers = {
  static: {
    staleTime: HOUR,
    gcTime: 24 * HOUR,
    refetchInterval: false,
    refetchOnWindowFocus: false,
    reason: 'Category names and counts change only when the catalog is re-seeded.',
  },
  catalog: {
    staleTime: 5 * MINUTE,
    gcTime: 30 * MINUTE,
    refetchInterval: false,
    refetchOnWindowFocus: false,
    reason: 'Product text and prices change rarely, and admin edits reach the cache through the cascade.',
  },
  listing: {
    staleTime: MINUTE,
    gcTime: 10 * MINUTE,
    refetchInterval: false,
    refetchOnWindowFocus: true,
    reason: 'Which products match a filter, and their order by stock or price, drifts as shoppers buy.',
  },
  volatile: {
    staleTime: 10 * SECOND,
    gcTime: 5 * MINUTE,
    refetchInterval: 30 * SECOND,
    refetchOnWindowFocus: true,
    reason: 'Stock moves with every purchase; a shopper must not trust a number older than seconds.',
  },
  session: {
    staleTime: 30 * SECOND,
    gcTime: 30 * MINUTE,
    refetchInterval: false,
    refetchOnWindowFocus: true,
    reason: "The cart and orders change through this browser's own mutations, which write the cache.",
  },
  admin: {
    staleTime: 5 * SECOND,
    gcTime: 5 * MINUTE,
    refetchInterval: 15 * SECOND,
    refetchOnWindowFocus: true,
    reason: 'Admins watch stock move as shoppers buy and other admins edit; rows under edit keep their drafts.',
  },
} as const satisfies Record<string, CacheTier>

export type CacheTierName = keyof typeof cacheTiers

/** Prefetching waits this long on hover so that a cursor passing over a grid fetches nothing. */
export const prefetchIntentDelayMs = 50

const wholeNumber = (min: number, max: number) => z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max))

/** An http(s) origin alone (scheme, host, port): no path, query, fragment or credentials; a trailing slash is allowed. */
const isOrigin = (value: string) => /^https?:\/\/[^/?#@\s]+\/?$/i.test(value) && URL.parse(value) !== null

/** A PostgreSQL connection URL: the scheme, then at least a host or a database. */
const isPostgresUrl = (value: string) => /^postgres(ql)?:\/\/./i.test(value) && URL.parse(value) !== null

const origin = () =>
  z.pipe(
    z.string().check(z.refine(isOrigin, 'Must be an http(s) origin such as https://shop.example, with no path')),
    z.transform((value) => new URL(value).origin),
  )

// Built when the server first asks, not on import: the browser imports this file for the tiers
// above, and a schema built at import time would ship to every page with them.
const serverSettingsSchema = () =>
  z.object({
    PORT: z._default(wholeNumber(1, 65_535), 3000),
    HOST: z._default(z.string().check(z.minLength(1)), '0.0.0.0'),
    DATABASE_PATH: z._default(z.string().check(z.minLength(1)), 'data/cartwheel.db'),
    // Set, the shop's data lives in this PostgreSQL database instead of the SQLite file above
    // (several server processes can share it; docs/scaling.md). Unset, SQLite.
    DATABASE_URL: z.optional(z.string().check(z.refine(isPostgresUrl, 'Must be a postgres:// (or postgresql://) URL such as postgres://shop:secret@db.internal:5432/cartwheel'))),
    SEED_PRODUCTS: z._default(wholeNumber(1, 1_000_000), 2_000),
    ADMIN_EMAIL: z._default(z.email(), 'admin@cartwheel.test'),
    ADMIN_PASSWORD: z._default(z.string().check(z.minLength(8)), 'cartwheel-admin'),
    // Off: X-Forwarded-For and X-Forwarded-Proto are anyone's to write, so they are ignored. On only
    // behind a proxy that sets them: the caller's address is then the last X-Forwarded-For entry.
    TRUST_PROXY: z._default(z.stringbool({ truthy: ['true', '1', 'on'], falsy: ['false', '0', 'off'] }), false),
    // Writes one address may make a minute; raise them for load tests from one machine.
    CART_WRITES_PER_MINUTE: z._default(wholeNumber(1, 1_000_000), 120),
    CHECKOUTS_PER_MINUTE: z._default(wholeNumber(1, 1_000_000), 10),
    // Time a client has to send a whole request (headers and body): a body dripping in slowly
    // must not hold a socket for minutes.
    REQUEST_TIMEOUT_MS: z._default(wholeNumber(100, 10 * MINUTE), 30 * SECOND),
    // How long a stopping server lets requests in flight finish before it closes their connections.
    SHUTDOWN_GRACE_MS: z._default(wholeNumber(0, 10 * MINUTE), 10 * SECOND),
    // Events kept for browsers that reconnect (GET /api/events): one further back gets a reset.
    LIVE_EVENT_LOG_SIZE: z._default(wholeNumber(1, 1_000_000), 5_000),
    // Open event streams per address and in all: each holds a socket and a little memory for as long as a tab is open.
    EVENT_STREAMS_PER_ADDRESS: z._default(wholeNumber(1, 1_000_000), 20),
    EVENT_STREAMS_MAX: z._default(wholeNumber(1, 1_000_000), 10_000),
    // A comment line this often keeps proxies from closing an idle event stream, and re-checks its admin session.
    EVENT_HEARTBEAT_MS: z._default(wholeNumber(1_000, 10 * MINUTE), 25 * SECOND),
    // Where shoppers and search engines reach the shop: every absolute URL it writes (canonical
    // links, og:image, JSON-LD, robots.txt, the sitemap) starts with it, never with the request's
    // Host header, which any client can forge. Unset, the local address on PORT.
    PUBLIC_ORIGIN: z.optional(origin()),
  })

export type ServerSettings = Omit<z.infer<ReturnType<typeof serverSettingsSchema>>, 'PUBLIC_ORIGIN'> & { PUBLIC_ORIGIN: string }

export class InvalidSettingsError extends Error {
  override name = 'InvalidSettingsError'
}

/** Parses settings from an environment; a bad value throws an error that names the variable. */
export function parseServerSettings(env: Record<string, string | undefined>): ServerSettings {
  // zod/mini has no messages of its own; a bad setting is named with English ones.
  z.config(z.locales.en())
  const schema = serverSettingsSchema()
  const present = Object.fromEntries(
    Object.keys(schema.shape).flatMap((key) =>
      env[key] === undefined || env[key] === '' ? [] : [[key, env[key]]],
    ),
  )
  const result = schema.safeParse(present)
  if (result.success) return { ...result.data, PUBLIC_ORIGIN: result.data.PUBLIC_ORIGIN ?? `http://localhost:${result.data.PORT}` }
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0])
    // A database URL may hold a password: the message names the setting, not its value.
    const value = variable === 'DATABASE_URL' ? '(not shown)' : JSON.stringify(env[variable])
    return `${variable}=${value}: ${issue.message}`
  })
  throw new InvalidSettingsError(`Invalid environment settings:\n  ${problems.join('\n  ')}`)
}

let cached: ServerSettings | undefined

export function serverSettings(): ServerSettings {
  cached ??= parseServerSettings(process.env)
  return cached
}
