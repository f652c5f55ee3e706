import { Link } from '@tanstack/react-router'
import { MiniCartBadge } from '~/features/cart/components/mini-cart-badge'
import { CategoryNav } from './category-nav'
import { SearchBox } from './search-box'

export function SiteHeader() {
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
        <Link to="/" className="font-display text-2xl font-bold tracking-tight">
          Cartwheel
        </Link>
        <SearchBox />
        <nav aria-label="Your account" className="flex items-center gap-4 text-sm">
          <Link to="/orders" className="hover:underline">
            Orders
          </Link>
          <MiniCartBadge />
        </nav>
      </div>
      <div className="mx-auto max-w-6xl px-4">
        <CategoryNav />
      </div>
    </header>
  )
}
