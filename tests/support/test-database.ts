import { openDatabase, type AppDatabase } from '#db/connection'
import { applyMigrations } from '#db/migrate'
import { seedDatabase } from '#db/seed'
import { handleApiRequest } from '~/server/api-router'

/** A real SQLite database in memory, migrated with the committed migrations and seeded. */
export function createTestDatabase({ products = 0 } = {}): AppDatabase {
  const db = openDatabase(':memory:')
  applyMigrations(db)
  if (products > 0) seedDatabase(db, { products, adminEmail: 'admin@cartwheel.test', adminPassword: 'cartwheel-admin' })
  return db
}

/** Calls the API the way the browser does, through the one request handler; `ip` plays the caller's address. */
export function createApiCaller(db: AppDatabase) {
  return async (path: string, { ip, ...init }: RequestInit & { ip?: string } = {}) => {
    const request = new Request(new URL(path, 'http://localhost:3000'), init)
    if (ip) Object.defineProperty(request, 'ip', { value: ip })
    const response = await handleApiRequest(request, { db })
    const text = await response.text()
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined }
  }
}
