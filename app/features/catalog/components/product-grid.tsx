import { useMemo } from 'react'
import type { ProductSummary } from '../catalog.schemas'
import { useListingStock } from '../use-listing-stock'
import { ProductCard, type CardAction } from './product-card'

type ProductGridProps = {
  products: ProductSummary[]
  label: string
  /** When the listing answer arrived (its `dataUpdatedAt`): the age of the stock numbers it carried. */
  listedAt: number
  cardAction?: CardAction
}

export function ProductGrid({ products, label, listedAt, cardAction }: ProductGridProps) {
  const ids = useMemo(() => products.map((product) => product.id), [products])
  const unconfirmed = useListingStock(ids, listedAt)
  return (
    <ul aria-label={label} className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
      {products.map((product) => (
        <ProductCard key={product.id} product={product} Action={cardAction} stockUnconfirmed={unconfirmed.has(product.id)} />
      ))}
    </ul>
  )
}
