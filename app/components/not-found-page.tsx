import { Link } from '@tanstack/react-router'

export function NotFoundPage({ what = 'page' }: { what?: string }) {
  return (
    <section className="mx-auto max-w-xl py-24 text-center">
      <p className="text-sm font-semibold tracking-wide text-accent uppercase">404</p>
      <h1 className="mt-2 font-display text-4xl">We couldn't find that {what}</h1>
      <p className="mt-4 text-stone-600">It may have been renamed or removed from the catalog.</p>
      <div className="mt-8 flex justify-center gap-4">
        <Link to="/" className="rounded-md bg-ink px-4 py-2 text-white">
          Back to the shop
        </Link>
        <Link to="/search" className="rounded-md border border-stone-300 px-4 py-2">
          Search products
        </Link>
      </div>
    </section>
  )
}
