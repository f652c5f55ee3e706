import { z } from 'zod'

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

const port = z.coerce.number().int().min(1).max(65_535)

const serverSettingsSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_PATH: z.string().min(1).default('data/cartwheel.db'),
  SEED_PRODUCTS: z.coerce.number().int().min(1).max(1_000_000).default(2_000),
  ADMIN_EMAIL: z.email().default('admin@cartwheel.test'),
  ADMIN_PASSWORD: z.string().min(8).default('cartwheel-admin'),
  // Off: X-Forwarded-For and X-Forwarded-Proto are anyone's to write, so they are ignored. On only
  // behind a proxy that sets them: the caller's address is then the last X-Forwarded-For entry.
  TRUST_PROXY: z.stringbool({ truthy: ['true', '1', 'on'], falsy: ['false', '0', 'off'] }).default(false),
  // Writes one address may make a minute; raise them for load tests from one machine.
  CART_WRITES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  CHECKOUTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(10),
  // Time a client has to send a whole request (headers and body): a body dripping in slowly
  // must not hold a socket for minutes.
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(10 * MINUTE).default(30 * SECOND),
  // How long a stopping server lets requests in flight finish before it closes their connections.
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(10 * MINUTE).default(10 * SECOND),
  // Events kept for browsers that reconnect (GET /api/events): one further back gets a reset.
  LIVE_EVENT_LOG_SIZE: z.coerce.number().int().min(1).max(1_000_000).default(5_000),
  // Open event streams per address and in all: each holds a socket and a little memory for as long as a tab is open.
  EVENT_STREAMS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(20),
  EVENT_STREAMS_MAX: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  // A comment line this often keeps proxies from closing an idle event stream, and re-checks its admin session.
  EVENT_HEARTBEAT_MS: z.coerce.number().int().min(1_000).max(10 * MINUTE).default(25 * SECOND),
})

export type ServerSettings = z.infer<typeof serverSettingsSchema>

export class InvalidSettingsError extends Error {
  override name = 'InvalidSettingsError'
}

/** Parses settings from an environment; a bad value throws an error that names the variable. */
export function parseServerSettings(env: Record<string, string | undefined>): ServerSettings {
  const present = Object.fromEntries(
    Object.keys(serverSettingsSchema.shape).flatMap((key) =>
      env[key] === undefined || env[key] === '' ? [] : [[key, env[key]]],
    ),
  )
  const result = serverSettingsSchema.safeParse(present)
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0])
    return `${variable}=${JSON.stringify(env[variable])}: ${issue.message}`
  })
  throw new InvalidSettingsError(`Invalid environment settings:\n  ${problems.join('\n  ')}`)
}

let cached: ServerSettings | undefined

export function serverSettings(): ServerSettings {
  cached ??= parseServerSettings(process.env)
  return cached
}
