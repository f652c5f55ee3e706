import { openDatabase, type AppDatabase } from '#db/connection'
import type { Database } from '#db/work'
import { applyMigrations } from '#db/migrate'
import { seedDatabase } from '#db/seed'
import { cartSchema } from '~/features/cart/cart.schemas'
import { handleApiRequest } from '~/http/api-router'

/** The admin every seeded test database has. */
export const SEEDED_ADMIN = { email: 'admin@cartwheel.test', password: 'cartwheel-admin' }

/** A real SQLite database (in memory unless a file is named), migrated with the committed migrations and seeded. */
export function createTestDatabase({ products = 0, path = ':memory:' } = {}): AppDatabase {
  const db = openDatabase(path)
  applyMigrations(db)
  if (products > 0) seedDatabase(db, { products, adminEmail: SEEDED_ADMIN.email, adminPassword: SEEDED_ADMIN.password })
  return db
}

export type ApiCaller = ReturnType<typeof createApiCaller>

/** Calls the API the way the browser does, through the one request handler; `ip` plays the caller's address. */
export function createApiCaller(db: Database) {
  return async (path: string, { ip, ...init }: RequestInit & { ip?: string } = {}) => {
    const request = new Request(new URL(path, 'http://localhost:3000'), init)
    if (ip) Object.defineProperty(request, 'ip', { value: ip })
    const response = await handleApiRequest(request, { db })
    const text = await response.text()
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined }
  }
}

/** A browser: keeps the cart cookie the API sets, and sends it back. */
export function createBrowser(api: ApiCaller) {
  let cookie: string | undefined
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await api(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const setCookie = response.headers.get('set-cookie')
    if (setCookie) cookie = setCookie.split(';')[0]
    return response
  }
  return {
    get cookie() {
      return cookie
    },
    set cookie(value) {
      cookie = value
    },
    getCart: async () => cartSchema.parse((await send('GET', '/api/cart')).body),
    add: (productId: number, quantity: number, headers?: Record<string, string>) => send('POST', '/api/cart/lines', { productId, quantity }, headers),
    set: (productId: number | string, quantity: unknown) => send('PUT', `/api/cart/lines/${productId}`, { quantity }),
    remove: (productId: number | string) => send('DELETE', `/api/cart/lines/${productId}`),
    checkout: (body: unknown, idempotencyKey?: string) =>
      send('POST', '/api/checkout', body, idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
    send,
  }
}
