/// <reference types="vite/client" />
import { noop, type QueryClient } from '@tanstack/react-query'
import { HeadContent, Outlet, Scripts, createRootRouteWithContext, useRouterState } from '@tanstack/react-router'
import { createIsomorphicFn, getGlobalStartContext } from '@tanstack/react-start'
import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react'
import { FormNotice } from '~/components/form-notice'
import { NoticeRegion } from '~/components/notice-region'
import { PendingBar } from '~/components/pending-bar'
import { OfflineBanner } from '~/layout/offline-banner'
import { SiteFooter } from '~/layout/site-footer'
import { SiteHeader } from '~/layout/site-header'
import { useResyncCartAfterLeavingMidChange } from '~/features/cart/cart-unload'
import { cartQueries } from '~/features/cart/cart.queries'
import { catalogQueries } from '~/features/catalog/catalog.queries'
import { ensureQuery } from '~/lib/ensure-query'
import { FormFlashProvider } from '~/lib/form-flash'
import { liveQueries } from '~/live/live.queries'
import appCss from '~/styles.css?url'

/**
 * The message the last form post left for this page (app/server.ts reads it from its cookie). In
 * the browser there is none: a page the router opens itself was reached by no form post.
 */
const requestFormFlash = createIsomorphicFn().server(() => getGlobalStartContext()?.formFlash)

const Devtools = import.meta.env.DEV ? lazy(() => import('~/components/devtools')) : () => null

export const Route = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  // Read before any loader runs: the page's live events resume from this point, so a change that
  // commits while the page's data is read still reaches it. Cached for good once read.
  beforeLoad: async ({ context: { queryClient } }) => {
    await ensureQuery(queryClient, liveQueries.cursor()).catch(noop)
  },
  // The header on every page needs the categories and the cart: fetched together, rendered on the server.
  loader: async ({ context: { queryClient } }) => {
    await Promise.all([
      ensureQuery(queryClient, catalogQueries.categories()),
      // A cart that fails to load must not take the page down: the badge shows 0 and retries.
      ensureQuery(queryClient, cartQueries.detail()).catch(noop),
    ])
    // Loader data reaches the browser with the page, so hydration renders the same message.
    return { formFlash: requestFormFlash() }
  },
  head: () => ({
    meta: [
      { charSet: 'utf-8' },
      { name: 'viewport', content: 'width=device-width, initial-scale=1' },
      { title: 'Cartwheel — furniture and homeware' },
      { name: 'description', content: 'Desks, chairs, lighting and everything for the home, shipped from Cartwheel.' },
    ],
    links: [
      { rel: 'stylesheet', href: appCss },
      { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
    ],
  }),
  shellComponent: RootDocument,
  component: RootLayout,
})

/**
 * After a navigation to another page, keyboard and screen-reader users start at its content, as
 * they would after a full page load. Filter and sort changes (same page) leave focus alone.
 */
function useFocusMainOnPageChange() {
  const pathname = useRouterState({ select: (state) => state.resolvedLocation?.pathname })
  const firstRender = useRef(true)
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    document.getElementById('main')?.focus({ preventScroll: true })
  }, [pathname])
}

function RootLayout() {
  useFocusMainOnPageChange()
  useResyncCartAfterLeavingMidChange()
  const { formFlash } = Route.useLoaderData()
  // Marks the document once React owns it: end-to-end tests wait for this before interacting.
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true'
  }, [])
  return (
    <FormFlashProvider value={formFlash}>
      <PendingBar />
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        Skip to content
      </a>
      <SiteHeader />
      <OfflineBanner />
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 outline-none">
        <FormNotice />
        <Outlet />
      </main>
      <NoticeRegion />
      <SiteFooter />
    </FormFlashProvider>
  )
}

function RootDocument({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <HeadContent />
      </head>
      <body className="min-h-screen antialiased">
        {children}
        <Suspense>
          <Devtools />
        </Suspense>
        <Scripts />
      </body>
    </html>
  )
}
