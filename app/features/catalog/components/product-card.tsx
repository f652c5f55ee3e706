import { useQuery } from '@tanstack/react-query'
import { Link, useRouter } from '@tanstack/react-router'
import { memo, type ComponentType } from 'react'
import { formatMoney } from '~/lib/money'
import { useMovedPointerIntent } from '~/lib/moved-pointer-intent'
import { stockQueries } from '../stock.queries'
import type { ProductSummary } from '../catalog.schemas'
import { StockBadge } from './stock-badge'

/** What a page puts under each card (the storefront: an add-to-cart button), so the catalog needs no cart. */
export type CardAction = ComponentType<{ product: ProductSummary }>

/**
 * A card is one link to the product page, and an optional action below it. The router preloads that page's loader on hover, focus
 * and touchstart, which puts the product and its stock in the cache before the click; hover counts only once the pointer moves
 * over the card, since paging a listing slides cards under a pointer that rests where "Next →" was.
 */
const selectStock = (snapshot: { stock: number }) => snapshot.stock

type ProductCardProps = {
  product: ProductSummary
  Action?: CardAction
  /** The last stock check failed or did not cover this product: the number shown is the last known one. */
  stockUnconfirmed?: boolean
}

export const ProductCard = memo(function ProductCard({ product, Action, stockUnconfirmed = false }: ProductCardProps) {
  // The newest stock number this browser knows (a product page, a cart answer or a refusal may
  // have brought one since the listing): read from the cache only, never fetched from a card.
  const stock = useQuery({ ...stockQueries.detail(product.id), enabled: false, select: selectStock }).data ?? product.stock
  const router = useRouter()
  const hoverIntent = useMovedPointerIntent(() => router.preloadRoute({ to: '/products/$slug', params: { slug: product.slug } }))
  return (
    <li className="group rounded-lg border border-stone-200 bg-white transition hover:shadow-md focus-within:ring-2 focus-within:ring-accent">
      <Link to="/products/$slug" params={{ slug: product.slug }} {...hoverIntent} className="block p-3 outline-none">
        <img src={product.imageUrl} alt="" width={400} height={300} loading="lazy" className="aspect-[4/3] w-full rounded-md" />
        <h3 className="mt-3 line-clamp-2 font-medium group-hover:underline">{product.name}</h3>
        <p className="mt-1 text-xs text-stone-500">{product.category.name}</p>
        <div className="mt-2 flex items-center justify-between">
          <span className="font-semibold">{formatMoney(product.priceCents)}</span>
          <StockBadge stock={stock} unconfirmed={stockUnconfirmed} />
        </div>
      </Link>
      {Action ? <Action product={stock === product.stock ? product : { ...product, stock }} /> : null}
    </li>
  )
})
