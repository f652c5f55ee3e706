import { createRouter } from '@tanstack/react-router'
import { setupRouterSsrQueryIntegration } from '@tanstack/react-router-ssr-query'
import { prefetchIntentDelayMs } from '../app.config'
import { ErrorPage } from './components/error-page'
import { NotFoundPage } from './components/not-found-page'
import { canPrefetch } from './lib/prefetch-policy'
import { createQueryClient } from './lib/query-client'
import { routeTree } from './routeTree.gen'

/** Called once per SSR request and once in the browser, so no two shoppers ever share a cache. */
export function getRouter() {
  const queryClient = createQueryClient()
  const router = createRouter({
    routeTree,
    context: { queryClient },
    scrollRestoration: true,
    // Hover, focus or touch on a link runs its loaders; the loaders ask Query, which skips fresh data.
    defaultPreload: import.meta.env.SSR || canPrefetch() ? 'intent' : false,
    defaultPreloadDelay: prefetchIntentDelayMs,
    // A preloaded match is never trusted as fresh: navigating runs its loader again, and the
    // loader asks Query, so freshness is Query's decision alone.
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
