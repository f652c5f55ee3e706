import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, lt } from 'drizzle-orm'
import type { AppDatabase } from '#db/connection'
import { verifyPassword } from '#db/password'
import { adminUsers, sessions } from '#db/schema'
import { ApiError } from '~/lib/api-error'
import { readCookie, serializeCookie } from '~/http/cookies'
import { createFairQueue } from '~/http/fair-queue'
import { createSlidingWindowLimiter, type SlidingWindowLimiter } from '~/http/rate-limit'

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

type SignInLimiters = {
  address: SlidingWindowLimiter
  emailAtAddress: SlidingWindowLimiter
  email: SlidingWindowLimiter
  passwordChecks: ReturnType<typeof createFairQueue>
}

// One set per database: the server has one; each test database gets its own.
const limiters = new WeakMap<AppDatabase, SignInLimiters>()
function signInLimiters(db: AppDatabase) {
  let found = limiters.get(db)
  if (!found) {
    found = {
      address: createSlidingWindowLimiter(signInLimits.perAddress),
      emailAtAddress: createSlidingWindowLimiter(signInLimits.perEmailAtAddress),
      email: createSlidingWindowLimiter(signInLimits.slowEmailAfter),
      passwordChecks: createFairQueue({ concurrency: signInLimits.concurrentChecks, perKey: signInLimits.queuedChecksPerAddress }),
    }
    limiters.set(db, found)
  }
  return found
}

// Compared against when the email is unknown, so a wrong email costs the same time as a wrong password.
const DECOY_HASH = 'scrypt$32768$AAAAAAAAAAAAAAAAAAAAAA==$' + 'A'.repeat(86) + '=='

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

type SignInAttempt = { email: string; password: string; clientIp?: string; now?: number; wait?: (ms: number) => Promise<void> }

/** Checks an email and password within the limits above. Returns a new session token (the cookie's value) and when it expires. */
export async function signIn(db: AppDatabase, { email, password, clientIp, now = Date.now(), wait = sleep }: SignInAttempt) {
  const limits = signInLimiters(db)
  const address = `ip:${clientIp ?? 'unknown'}`
  const emailKey = `email:${email.toLowerCase()}`
  const emailAtAddress = `${emailKey}|${address}`
  const waitMs = Math.max(limits.address.retryAfterMs(address, now), limits.emailAtAddress.retryAfterMs(emailAtAddress, now))
  if (waitMs > 0) {
    throw new ApiError(429, 'RATE_LIMITED', 'Too many failed sign-ins from this address; try again in a minute', undefined, { retryAfterMs: waitMs })
  }
  // Counted before the (slow, asynchronous) check: attempts sent side by side cannot all slip in
  // under the limit while the first ones are still being checked.
  const slowed = limits.email.count(emailKey, now) >= signInLimits.slowEmailAfter.limit
  for (const [limiter, key] of [[limits.address, address], [limits.emailAtAddress, emailAtAddress], [limits.email, emailKey]] as const) limiter.record(key, now)
  if (slowed) await wait(signInLimits.slowdownMs)
  const admin = db.select().from(adminUsers).where(eq(adminUsers.email, email.toLowerCase())).get()
  const matches = await limits.passwordChecks.run(address, () => verifyPassword(password, admin?.passwordHash ?? DECOY_HASH))
  const valid = matches && admin !== undefined
  if (!valid) throw new ApiError(401, 'UNAUTHENTICATED', 'The email or password is not right')
  limits.emailAtAddress.reset(emailAtAddress)
  limits.address.forgiveOne(address)
  limits.email.forgiveOne(emailKey)
  const token = randomBytes(32).toString('base64url')
  const expiresAt = now + ADMIN_SESSION_MS
  db.delete(sessions).where(lt(sessions.expiresAt, now)).run()
  db.insert(sessions).values({ id: hashToken(token), adminUserId: admin.id, expiresAt, createdAt: now }).run()
  return { token, expiresAt }
}

export function signOut(db: AppDatabase, token: string) {
  db.delete(sessions).where(eq(sessions.id, hashToken(token))).run()
}

/** The admin behind a session token, if the session exists and has not expired. */
export function findAdmin(db: AppDatabase, token: string | undefined, now = Date.now()): Admin | undefined {
  if (!token) return undefined
  return db
    .select({ id: adminUsers.id, email: adminUsers.email })
    .from(sessions)
    .innerJoin(adminUsers, eq(adminUsers.id, sessions.adminUserId))
    .where(and(eq(sessions.id, hashToken(token)), gt(sessions.expiresAt, now)))
    .get()
}

/** Every /api/admin handler starts here (through its context's `requireAdmin`): no valid session, no answer but 401. */
export function requireAdmin(db: AppDatabase, request: Request): Admin {
  const admin = findAdmin(db, readCookie(request, ADMIN_COOKIE))
  if (!admin) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in as an admin first')
  return admin
}

export function adminSessionCookie(request: Request, token: string, expiresAt: number, now = Date.now()) {
  return serializeCookie(request, ADMIN_COOKIE, token, { maxAgeSeconds: Math.max(0, Math.round((expiresAt - now) / 1000)) })
}
