import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, lt } from 'drizzle-orm'
import { verifyPassword } from '#db/password'
import { get, read, run, transact, type Database } from '#db/work'
import { ApiError } from '~/lib/api-error'
import { readCookie, serializeCookie } from '~/http/cookies'
import { createFairQueue } from '~/http/fair-queue'
import { rateLimitStoreFor } from '~/http/rate-limit-stores'

/** The httpOnly cookie of an admin session; the database keeps only its hash. */
export const ADMIN_COOKIE = 'cartwheel_admin'
export const ADMIN_SESSION_MS = 8 * 60 * 60 * 1000

export type Admin = { id: number; email: string }

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

const MINUTE = 60_000

/**
 * Failed sign-ins are limited per address (any email) and per email at one address: a guesser is
 * stopped where it stands. No limit per email alone refuses anyone, since anybody could then
 * lock the admin out from anywhere (OWASP: lockout is a denial of service). Guessing spread over
 * many addresses is slowed instead: once an email has many recent failures, each further attempt
 * for it waits a second before its password is checked, the right one too, from a new address.
 */
export const signInLimits = {
  perAddress: { limit: 20, windowMs: MINUTE },
  perEmailAtAddress: { limit: 10, windowMs: MINUTE },
  slowEmailAfter: { limit: 50, windowMs: 15 * MINUTE },
  slowdownMs: 1_000,
  // scrypt takes a core for ~100 ms: a few checks at a time, addresses taking turns (fair-queue.ts),
  // so a flood from many addresses within their budgets delays a new address by a few checks only.
  concurrentChecks: 2,
  queuedChecksPerAddress: 5,
} as const

// The password checks' queue guards this process's CPU: one per process and database. The counts
// live in the database's rate-limit store (rate-limit-stores.ts): shared by every process on
// PostgreSQL.
const passwordQueues = new WeakMap<Database, ReturnType<typeof createFairQueue>>()
function signInLimiters(db: Database) {
  let passwordChecks = passwordQueues.get(db)
  if (!passwordChecks) {
    passwordChecks = createFairQueue({ concurrency: signInLimits.concurrentChecks, perKey: signInLimits.queuedChecksPerAddress })
    passwordQueues.set(db, passwordChecks)
  }
  const store = rateLimitStoreFor(db)
  return {
    store,
    address: store.limiter({ name: 'sign-in:address', ...signInLimits.perAddress }),
    emailAtAddress: store.limiter({ name: 'sign-in:email-at-address', ...signInLimits.perEmailAtAddress }),
    email: store.limiter({ name: 'sign-in:email', ...signInLimits.slowEmailAfter }),
    passwordChecks,
  }
}

// Compared against when the email is unknown, so a wrong email costs the same time as a wrong password.
const DECOY_HASH = 'scrypt$32768$AAAAAAAAAAAAAAAAAAAAAA==$' + 'A'.repeat(86) + '=='

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

type SignInAttempt = { email: string; password: string; clientIp?: string; now?: number; wait?: (ms: number) => Promise<void> }

/** Checks an email and password within the limits above. Returns a new session token (the cookie's value) and when it expires. */
export async function signIn(db: Database, { email, password, clientIp, now = Date.now(), wait = sleep }: SignInAttempt) {
  const limits = signInLimiters(db)
  const address = `ip:${clientIp ?? 'unknown'}`
  const emailKey = `email:${email.toLowerCase()}`
  const emailAtAddress = `${emailKey}|${address}`
  // Checked and counted in one step, before the (slow, asynchronous) password check: attempts
  // sent side by side cannot all slip in under the limit while the first ones are still checked.
  const waitMs = await limits.store.take(
    [
      { limiter: limits.address, key: address },
      { limiter: limits.emailAtAddress, key: emailAtAddress },
    ],
    now,
  )
  if (waitMs > 0) {
    throw new ApiError(429, 'RATE_LIMITED', 'Too many failed sign-ins from this address; try again in a minute', undefined, { retryAfterMs: waitMs })
  }
  // Slowing refuses no one, so its count and record need not be one step.
  const slowed = (await limits.email.count(emailKey, now)) >= signInLimits.slowEmailAfter.limit
  await limits.email.record(emailKey, now)
  if (slowed) await wait(signInLimits.slowdownMs)
  const admin = await read(db, get((db, t) => db.select().from(t.adminUsers).where(eq(t.adminUsers.email, email.toLowerCase()))))
  const matches = await limits.passwordChecks.run(address, () => verifyPassword(password, admin?.passwordHash ?? DECOY_HASH))
  const valid = matches && admin !== undefined
  if (!valid) throw new ApiError(401, 'UNAUTHENTICATED', 'The email or password is not right')
  await Promise.all([limits.emailAtAddress.reset(emailAtAddress), limits.address.forgiveOne(address), limits.email.forgiveOne(emailKey)])
  const token = randomBytes(32).toString('base64url')
  const expiresAt = now + ADMIN_SESSION_MS
  await transact(db, function* () {
    yield* run((db, t) => db.delete(t.sessions).where(lt(t.sessions.expiresAt, now)))
    yield* run((db, t) => db.insert(t.sessions).values({ id: hashToken(token), adminUserId: admin.id, expiresAt, createdAt: now }))
  })
  return { token, expiresAt }
}

export async function signOut(db: Database, token: string) {
  await read(db, run((db, t) => db.delete(t.sessions).where(eq(t.sessions.id, hashToken(token)))))
}

/** The admin behind a session token, if the session exists and has not expired. */
export async function findAdmin(db: Database, token: string | undefined, now = Date.now()): Promise<Admin | undefined> {
  if (!token) return undefined
  return read(
    db,
    get((db, t) =>
      db
        .select({ id: t.adminUsers.id, email: t.adminUsers.email })
        .from(t.sessions)
        .innerJoin(t.adminUsers, eq(t.adminUsers.id, t.sessions.adminUserId))
        .where(and(eq(t.sessions.id, hashToken(token)), gt(t.sessions.expiresAt, now))),
    ),
  )
}

/** Every /api/admin handler starts here (through its context's `requireAdmin`): no valid session, no answer but 401. */
export async function requireAdmin(db: Database, request: Request): Promise<Admin> {
  const admin = await findAdmin(db, readCookie(request, ADMIN_COOKIE))
  if (!admin) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in as an admin first')
  return admin
}

export function adminSessionCookie(request: Request, token: string, expiresAt: number, now = Date.now()) {
  return serializeCookie(request, ADMIN_COOKIE, token, { maxAgeSeconds: Math.max(0, Math.round((expiresAt - now) / 1000)) })
}
