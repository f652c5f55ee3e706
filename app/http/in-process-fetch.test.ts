import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTestDatabase } from '../../tests/support/test-database'

const db = createTestDatabase({ products: 3 })
let pageCookie: string | undefined

vi.mock('@tanstack/react-start/server', () => ({ getRequestHeader: (name: string) => (name === 'cookie' ? pageCookie : undefined) }))
vi.mock('./database', () => ({ getDatabase: () => db }))

const { fetchInProcess } = await import('./in-process-fetch')
const { apiGet } = await import('~/lib/api-client')
const { productPageSchema } = await import('~/features/catalog/catalog.schemas')

let fetchSpy: ReturnType<typeof vi.spyOn>

beforeEach(() => {
  fetchSpy = vi.spyOn(globalThis, 'fetch')
})

afterEach(() => {
  fetchSpy.mockRestore()
})

describe('fetchInProcess', () => {
  it('serves the api client during SSR from the API router, without any HTTP request', async () => {
    const page = await apiGet('/api/products?pageSize=2', productPageSchema)
    expect(page).toMatchObject({ total: 3, pageSize: 2 })
    expect(fetchSpy).not.toHaveBeenCalled()
  })

  it("sends the page request's cookies, so the server renders this shopper's cart", async () => {
    const now = Date.now()
    const { lastInsertRowid } = db.$client.prepare('INSERT INTO carts (token, created_at, updated_at) VALUES (?, ?, ?)').run('tok-1', now, now)
    db.$client.prepare('INSERT INTO cart_lines (cart_id, product_id, quantity, added_at) VALUES (?, 2, 3, ?)').run(lastInsertRowid, now)

    pageCookie = 'theme=dark; cartwheel_cart=tok-1'
    const withCookie = (await (await fetchInProcess('/api/cart', {})).json()) as { itemCount: number }
    pageCookie = undefined
    const withoutCookie = (await (await fetchInProcess('/api/cart', {})).json()) as { itemCount: number }

    expect(withCookie.itemCount).toBe(3)
    expect(withoutCookie.itemCount).toBe(0)
  })
})
