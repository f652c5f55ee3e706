import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, expect, vi } from 'vitest'
import type { CartableProduct } from '~/features/cart/components/add-to-cart-button'
import { cartQueries } from '~/features/cart/cart.queries'
import { dismissAllNotices } from '~/lib/notices'
import { readProduct } from './database-rows'
import { setUpServedShop } from './served-shop'

/**
 * For the cart's hook tests: each test gets a fresh shop (real API, SQLite, msw) and a fresh
 * QueryClient, one shopper, and the helpers those tests share.
 */
export function setUpCartTestbed({ products = 12 } = {}) {
  const served = setUpServedShop({ products })

  afterEach(async () => {
    const { shop, client } = served
    shop.releaseAll()
    // Unmounting flushes a stepper burst still waiting; let it finish here, not in the next test.
    cleanup()
    await waitFor(() => expect(client.isMutating()).toBe(0))
    dismissAllNotices()
    vi.restoreAllMocks()
  })

  const lineRow = (name: string) => {
    const row = screen.getByRole('link', { name }).closest('li')
    if (!row) throw new Error(`No cart line for ${name}`)
    return row
  }

  return {
    get db() {
      return served.db
    },
    get shop() {
      return served.shop
    },
    get client() {
      return served.client
    },
    /** A product as the server has it, after setting its stock if given. */
    product(id: number, { stock }: { stock?: number } = {}): CartableProduct {
      const { db, shop } = served
      if (stock !== undefined) shop.setStock(id, stock)
      const row = readProduct(db, id)
      return { id, slug: row.slug, name: row.name, priceCents: row.priceCents, stock: row.stock }
    },
    /** Puts lines in the shopper's cart on the server, then loads the cart the way a page does. */
    async startWithCart(lines: Array<[productId: number, quantity: number]>) {
      const { shop, client } = served
      for (const [productId, quantity] of lines) await shop.call('POST', '/api/cart/lines', { productId, quantity })
      await client.fetchQuery(cartQueries.detail())
      shop.requests.length = 0
    },
    quantityOf: (name: string) => within(lineRow(name)).getByLabelText(`Quantity of ${name}`, { selector: 'output' }).textContent,
    /** Waits until no cart change is on its way and no cart read either. */
    async settled() {
      const { client } = served
      await waitFor(() => expect(client.isMutating()).toBe(0))
      await waitFor(() => expect(client.isFetching()).toBe(0))
    },
  }
}
