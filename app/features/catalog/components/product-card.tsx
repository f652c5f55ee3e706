import { Link } from '@tanstack/react-router'
import { memo, type ComponentType } from 'react'
import { formatMoney } from '~/lib/money'
import type { ProductSummary } from '../catalog.schemas'
import { StockBadge } from './stock-badge'

/** What a page puts under each card (the storefront: an add-to-cart button), so the catalog needs no cart. */
export type CardAction = ComponentType<{ product: ProductSummary }>

/**
 * A card is one link to the product page, and an optional action below it. The router preloads that page's loader on hover, focus
 * and touchstart, which puts the product and its stock in the cache before the click.
 */
export const ProductCard = memo(function ProductCard({ product, Action }: { product: ProductSummary; Action?: CardAction }) {
  return (
    <li className="group rounded-lg border border-stone-200 bg-white transition hover:shadow-md focus-within:ring-2 focus-within:ring-accent">
      <Link to="/products/$slug" params={{ slug: product.slug }} className="block p-3 outline-none">
        <img src={product.imageUrl} alt="" width={400} height={300} loading="lazy" className="aspect-[4/3] w-full rounded-md" />
        <h3 className="mt-3 line-clamp-2 font-medium group-hover:underline">{product.name}</h3>
        <p className="mt-1 text-xs text-stone-500">{product.category.name}</p>
        <div className="mt-2 flex items-center justify-between">
          <span className="font-semibold">{formatMoney(product.priceCents)}</span>
          <StockBadge stock={product.stock} />
        </div>
      </Link>
      {Action ? <Action product={product} /> : null}
    </li>
  )
})
