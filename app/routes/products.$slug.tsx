import { noop, useQuery, useSuspenseQuery } from '@tanstack/react-query'
import { Link, createFileRoute, notFound, redirect } from '@tanstack/react-router'
import { NotFoundPage } from '~/components/not-found-page'
import { AddToCartForm } from '~/features/cart/components/add-to-cart-form'
import { catalogQueries, keepUnderSlugNow } from '~/features/catalog/catalog.queries'
import { NoLongerSold } from '~/features/catalog/components/no-longer-sold'
import { LiveStockBadge } from '~/features/catalog/components/live-stock-badge'
import { productStructuredData } from '~/features/catalog/product-structured-data'
import { stockQueries } from '~/features/catalog/stock.queries'
import { isApiError } from '~/lib/api-error'
import { formatMoney } from '~/lib/money'
import { getPublicOrigin } from '~/lib/origin'
import { ensureQuery } from '~/lib/ensure-query'

export const Route = createFileRoute('/products/$slug')({
  loader: async ({ params, location, context: { queryClient } }) => {
    try {
      const product = await ensureQuery(queryClient, catalogQueries.detail(params.slug))
      // An old slug of a renamed product: links and bookmarks move for good to the slug it has now.
      if (product.slug !== params.slug) {
        keepUnderSlugNow(queryClient, params.slug, product)
        // The query string goes along (a shared link's utm_* or ref): only the address moved.
        throw redirect({ href: `/products/${encodeURIComponent(product.slug)}${location.searchStr}`, statusCode: 301 })
      }
      // The product answer seeds its stock, so this usually finds it cached; it fetches when the
      // entry was collected and refreshes it when stale. Not awaited: the badge can start from the
      // product's own stock number, and the page must not wait for a second request.
      if (!product.archived) ensureQuery(queryClient, stockQueries.detail(product.id)).catch(noop)
      // Only what head() needs: the query data itself reaches the browser once, dehydrated. The
      // structured data carries the name, description, image, price and canonical URL the tags repeat.
      return productStructuredData(product, getPublicOrigin())
    } catch (error) {
      if (isApiError(error, 404)) throw notFound()
      throw error
    }
  },
  head: ({ loaderData: product }) => {
    if (!product) return { meta: [{ title: 'Product not found — Cartwheel' }] }
    const description = product.description.slice(0, 160)
    return {
      meta: [
        { title: `${product.name} — Cartwheel` },
        { name: 'description', content: description },
        { property: 'og:type', content: 'product' },
        { property: 'og:url', content: product.url },
        { property: 'og:title', content: product.name },
        { property: 'og:description', content: description },
        { property: 'og:image', content: product.image },
        { property: 'product:price:amount', content: product.offers.price },
        { property: 'product:price:currency', content: product.offers.priceCurrency },
        { 'script:ld+json': product },
      ],
      links: [{ rel: 'canonical', href: product.url }],
    }
  },
  notFoundComponent: () => <NotFoundPage what="product" />,
  component: ProductPage,
})

function ProductPage() {
  const { slug } = Route.useParams()
  const { data: product } = useSuspenseQuery(catalogQueries.detail(slug))
  // The picker's bound follows the live stock number, as the badge does.
  const stock = useQuery({ ...stockQueries.detail(product.id), select: (snapshot) => snapshot.stock, enabled: !product.archived }).data ?? product.stock
  return (
    <article className="grid gap-8 md:grid-cols-2">
      <img src={product.imageUrl} alt={product.name} width={400} height={300} className="w-full rounded-xl border border-stone-200" />
      <div className="space-y-4">
        <nav aria-label="Breadcrumb" className="text-sm text-stone-500">
          <Link to="/categories/$slug" params={{ slug: product.category.slug }} className="hover:underline">
            {product.category.name}
          </Link>
        </nav>
        <h1 className="font-display text-4xl">{product.name}</h1>
        <p className="text-2xl font-semibold">
          {formatMoney(product.priceCents)}
        </p>
        {product.archived ? (
          <NoLongerSold />
        ) : (
          <>
            <LiveStockBadge productId={product.id} fallbackStock={product.stock} />
            <AddToCartForm product={{ ...product, stock }} />
          </>
        )}
        <p className="leading-relaxed text-stone-700">{product.description}</p>
        <p className="text-xs text-stone-500">SKU {product.sku}</p>
      </div>
    </article>
  )
}
