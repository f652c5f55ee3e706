import type { QueryClient } from '@tanstack/react-query'
import { beforeEach } from 'vitest'
import { createQueryClient } from '~/query/query-client'
import { setUpShop } from './fresh-shop'
import { serveShopApi } from './shop-api'

/**
 * For browser tests: setUpShop's fresh shop for each test, served to the code under test through
 * msw (see serveShopApi), and a fresh QueryClient.
 */
export function setUpServedShop({ products }: { products: number }) {
  const fresh = setUpShop({ products })
  let current: { shop: ReturnType<typeof serveShopApi>; client: QueryClient } | undefined
  const now = () => {
    if (!current) throw new Error('The served shop is used outside a test')
    return current
  }

  beforeEach(() => {
    current = { shop: serveShopApi(fresh.db), client: createQueryClient() }
  })

  return {
    get db() {
      return fresh.db
    },
    get shop() {
      return now().shop
    },
    get client() {
      return now().client
    },
  }
}
