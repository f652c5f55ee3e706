import type { QueryClient } from '@tanstack/react-query'
import { catalogQueries } from '~/features/catalog/catalog.queries'

/** Fetches name-sorted listing pages until one shows product `id`, and returns that page's key. */
export async function cachedListingShowing(client: QueryClient, id: number) {
  for (let page = 1; page <= 3; page++) {
    const options = catalogQueries.list({ sort: 'name', page, pageSize: 10 })
    const data = await client.fetchQuery(options)
    if (data.items.some((item) => item.id === id)) return options.queryKey
  }
  throw new Error(`No listing shows product ${id}`)
}
