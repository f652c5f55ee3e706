import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, lt } from 'drizzle-orm'
import type { AppDatabase } from '#db/connection'
import { verifyPassword } from '#db/password'
import { adminUsers, sessions } from '#db/schema'
import { ApiError } from '~/lib/api-error'
import type { ApiContext } from './api-router'
import { readCookie, serializeCookie } from './cookies'
import { createFailureLimiter, type FailureLimiter } from './rate-limit'

/** The httpOnly cookie of an admin session; the database keeps only its hash. */
export const ADMIN_COOKIE = 'cartwheel_admin'
export const ADMIN_SESSION_MS = 8 * 60 * 60 * 1000
const FAILED_LOGINS_PER_MINUTE = 10

export type Admin = { id: number; email: string }

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

// One limiter per database: the server has one; each test database gets its own.
const limiters = new WeakMap<AppDatabase, FailureLimiter>()
function loginLimiter(db: AppDatabase) {
  let limiter = limiters.get(db)
  if (!limiter) limiters.set(db, (limiter = createFailureLimiter({ limit: FAILED_LOGINS_PER_MINUTE, windowMs: 60_000 })))
  return limiter
}

// Compared against when the email is unknown, so a wrong email costs the same time as a wrong password.
const DECOY_HASH = 'scrypt$32768$AAAAAAAAAAAAAAAAAAAAAA==$' + 'A'.repeat(86) + '=='

/**
 * Checks an email and password, ten failures a minute per email and per IP at most. Returns a new
 * session token (the cookie's value) and when it expires.
 */
export async function signIn(db: AppDatabase, { email, password, clientIp, now = Date.now() }: { email: string; password: string; clientIp?: string; now?: number }) {
  const limiter = loginLimiter(db)
  const keys = [`email:${email.toLowerCase()}`, ...(clientIp ? [`ip:${clientIp}`] : [])]
  const waitMs = Math.max(...keys.map((key) => limiter.retryAfterMs(key, now)))
  if (waitMs > 0) {
    throw new ApiError(429, 'RATE_LIMITED', 'Too many failed sign-ins; try again in a minute', undefined, { retryAfterMs: waitMs })
  }
  // Counted before the (slow, asynchronous) check: attempts sent side by side cannot all slip in
  // under the limit while the first ones are still being checked.
  for (const key of keys) limiter.recordFailure(key, now)
  const admin = db.select().from(adminUsers).where(eq(adminUsers.email, email.toLowerCase())).get()
  const valid = (await verifyPassword(password, admin?.passwordHash ?? DECOY_HASH)) && admin !== undefined
  if (!valid) throw new ApiError(401, 'UNAUTHENTICATED', 'The email or password is not right')
  limiter.reset(keys[0] as string)
  for (const key of keys.slice(1)) limiter.forgiveOne(key)
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

/** Every /api/admin handler starts here: no valid session, no answer but 401. */
export function requireAdmin({ db, request }: Pick<ApiContext, 'db' | 'request'>): Admin {
  const admin = findAdmin(db, readCookie(request, ADMIN_COOKIE))
  if (!admin) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in as an admin first')
  return admin
}

export function adminSessionCookie(request: Request, token: string, expiresAt: number, now = Date.now()) {
  return serializeCookie(request, ADMIN_COOKIE, token, { maxAgeSeconds: Math.max(0, Math.round((expiresAt - now) / 1000)) })
}
