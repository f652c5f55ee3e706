import type { ProductSummary } from '../catalog.schemas'
import { ProductCard, type CardAction } from './product-card'

export function ProductGrid({ products, label, cardAction }: { products: ProductSummary[]; label: string; cardAction?: CardAction }) {
  return (
    <ul aria-label={label} className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
      {products.map((product) => (
        <ProductCard key={product.id} product={product} Action={cardAction} />
      ))}
    </ul>
  )
}
