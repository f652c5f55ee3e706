import { decimalAmount } from '~/lib/money'
import type { Product } from './catalog.schemas'

const availability = (product: Pick<Product, 'archived' | 'stock'>) =>
  product.archived ? 'https://schema.org/Discontinued' : product.stock > 0 ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock'

/**
 * The schema.org `Product` a product page carries as JSON-LD, for search results with price and
 * availability. Every URL in it is absolute, on `origin` (PUBLIC_ORIGIN). The router writes it
 * into a `<script type="application/ld+json">` and escapes `<`, so no product text closes the tag.
 */
export function productStructuredData(product: Product, origin: string) {
  // The page's canonical address: the product's current slug, no query.
  const url = `${origin}/products/${product.slug}`
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.name,
    sku: product.sku,
    description: product.description,
    image: `${origin}${product.imageUrl}`,
    category: product.category.name,
    url,
    offers: {
      '@type': 'Offer',
      url,
      price: decimalAmount(product.priceCents),
      priceCurrency: product.currency,
      availability: availability(product),
    },
  }
}
