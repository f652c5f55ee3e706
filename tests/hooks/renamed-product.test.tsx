import { isRedirect } from '@tanstack/react-router'
import { describe, expect, it } from 'vitest'
import { catalogKeys, catalogQueries } from '~/features/catalog/catalog.queries'
import { ensureQuery } from '~/lib/ensure-query'
import { Route } from '~/routes/products.$slug'
import { readProduct, renameSlug } from '../support/database-rows'
import { setUpServedShop } from '../support/served-shop'

const bed = setUpServedShop({ products: 20 })

/** The product page's loader, as the router runs it for a slug. */
const loadProductPage = (slug: string, searchStr = '') =>
  (
    Route.options.loader as unknown as (context: { params: { slug: string }; location: { searchStr: string }; context: { queryClient: typeof bed.client } }) => Promise<unknown>
  )({
    params: { slug },
    location: { searchStr },
    context: { queryClient: bed.client },
  }).then(
    () => ({ thrown: undefined }),
    (thrown: unknown) => ({ thrown }),
  )

describe('the page of a renamed product, opened by an old slug', () => {
  it('moves for good (301) to the slug the product has now', async () => {
    const product = readProduct(bed.db, 3)
    renameSlug(bed.db, product.id, 'renamed-lamp')

    const { thrown } = await loadProductPage(product.slug, '?utm_source=newsletter')

    // The query string goes along: only the address moved.
    expect(isRedirect(thrown) && thrown.options).toMatchObject({ href: '/products/renamed-lamp?utm_source=newsletter', statusCode: 301 })
  })

  it('keeps the product under its slug now and nothing under the old one, so the page it opens asks for nothing', async () => {
    const product = readProduct(bed.db, 3)
    renameSlug(bed.db, product.id, 'renamed-lamp')

    await loadProductPage(product.slug)
    expect(bed.client.getQueryState(catalogKeys.detail(product.slug))).toBeUndefined()
    expect(bed.client.getQueryData(catalogKeys.detail('renamed-lamp'))).toMatchObject({ id: product.id, slug: 'renamed-lamp' })

    // The page the redirect opens ensures the product under its slug now, as its loader does first.
    const asked = bed.shop.requests.length
    await expect(ensureQuery(bed.client, catalogQueries.detail('renamed-lamp'))).resolves.toMatchObject({ id: product.id })
    expect(bed.shop.requests.slice(asked).map((request) => request.path)).toEqual([])
  })
})
