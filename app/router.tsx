import { createRouter } from '@tanstack/react-router'
import { setupRouterSsrQueryIntegration } from '@tanstack/react-router-ssr-query'
import { prefetchIntentDelayMs } from '../app.config'
import { ErrorPage } from './components/error-page'
import { NotFoundPage } from './components/not-found-page'
import { stockKeys } from './features/catalog/stock.queries'
import { tierOptions } from './lib/cache-tiers'
import { canPrefetch } from './lib/prefetch-policy'
import { createQueryClient } from './lib/query-client'
import { routeTree } from './routeTree.gen'

/** Called once per SSR request and once in the browser, so no two shoppers ever share a cache. */
export function getRouter() {
  const queryClient = createQueryClient()
  // Stock entries are also created by setQueryData (seeded from listings and product answers);
  // this gives them the volatile tier's gcTime before any observer brings the full options.
  queryClient.setQueryDefaults(stockKeys.all, tierOptions('volatile'))
  const router = createRouter({
    routeTree,
    context: { queryClient },
    scrollRestoration: true,
    // Hover, focus or touch on a link runs its loaders; the loaders ask Query, which skips fresh data.
    defaultPreload: import.meta.env.SSR || canPrefetch() ? 'intent' : false,
    defaultPreloadDelay: prefetchIntentDelayMs,
    // The router keeps no loader cache of its own: freshness is Query's decision alone.
    defaultPreloadStaleTime: 0,
    defaultPendingMs: 150,
    defaultErrorComponent: ErrorPage,
    defaultNotFoundComponent: () => <NotFoundPage />,
  })
  setupRouterSsrQueryIntegration({ router, queryClient })
  return router
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof getRouter>
  }
}
