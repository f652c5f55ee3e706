import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTestDatabase } from '../../tests/support/test-database'

const db = createTestDatabase({ products: 3 })
let pageCookie: string | undefined

vi.mock('@tanstack/react-start/server', () => ({ getRequestHeader: (name: string) => (name === 'cookie' ? pageCookie : undefined) }))
vi.mock('./database', () => ({ getDatabase: () => db }))

const { fetchInProcess } = await import('./in-process-fetch')
const { handleApiRequest } = await import('./api-router')
const { isApiError } = await import('~/lib/api-error')
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

  it('gives the values the JSON body holds (dates as strings), without reading the body stream back', async () => {
    const slug = db.$client.prepare('SELECT slug FROM products LIMIT 1').pluck().get() as string
    const path = `/api/products/${slug}`
    const fromBody: unknown = await (await handleApiRequest(new Request(new URL(path, 'http://localhost')), { db })).json()
    const readBody = vi.spyOn(Response.prototype, 'json')
    try {
      const answer = await fetchInProcess(path, {})
      expect(await answer.json()).toStrictEqual(fromBody)
      expect(readBody).not.toHaveBeenCalled()
    } finally {
      readBody.mockRestore()
    }
    expect(fromBody).toMatchObject({ slug, updatedAt: expect.any(String) })
  })

  it('turns an error answer into the same ApiError as over HTTP', async () => {
    const failure: unknown = await apiGet('/api/products/no-such-product', productPageSchema).catch((error: unknown) => error)
    expect(isApiError(failure, 404)).toBe(true)
    expect(failure).toMatchObject({ code: 'NOT_FOUND' })
  })
})
