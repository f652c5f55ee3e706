import { createRouter, parseSearchWith, stringifySearchWith } from '@tanstack/react-router'
import { setupRouterSsrQueryIntegration } from '@tanstack/react-router-ssr-query'
import { createIsomorphicFn, getGlobalStartContext } from '@tanstack/react-start'
import { prefetchIntentDelayMs } from '../app.config'
import { ErrorPage } from './components/error-page'
import { NotFoundPage } from './components/not-found-page'
import { canPrefetch } from './lib/prefetch-policy'
import type { FormFlash } from './lib/form-flash'
import { createQueryClient } from './query/query-client'
import { expectLiveEvents } from './lib/live-status'
import { followBrowserConnection } from './lib/online'
import { getPublicOrigin, rememberPublicOrigin } from './lib/origin'
import { QueryProvider } from './query/query-provider'
import { routeTree } from './routeTree.gen'

/**
 * The nonce app/server.ts minted for this response's Content-Security-Policy, from Start's request
 * context. The browser needs none here: hydration reads it back from the page's csp-nonce meta tag.
 */
const requestNonce = createIsomorphicFn().server(() => getGlobalStartContext()?.nonce)

/** Called once per SSR request and once in the browser, so no two shoppers ever share a cache. */
export function getRouter() {
  const queryClient = createQueryClient()
  const router = createRouter({
    routeTree,
    context: { queryClient },
    scrollRestoration: true,
    // The router and React stamp it on every inline script they write: hydration data, the
    // streamed query cache, Suspense boundaries, scroll restoration.
    ssr: { nonce: requestNonce() },
    // Search params stay the plain text a GET form writes (q=1.50 is "1.50", not the number 1.5);
    // each route's zod schema gives them their types.
    parseSearch: parseSearchWith((value) => value),
    stringifySearch: stringifySearchWith(JSON.stringify),
    // Hover, focus or touch on a link runs its loaders; the loaders ask Query, which skips fresh data.
    defaultPreload: import.meta.env.SSR || canPrefetch() ? 'intent' : false,
    defaultPreloadDelay: prefetchIntentDelayMs,
    // A preloaded match is never trusted as fresh: navigating runs its loader again, and the
    // loader asks Query, so freshness is Query's decision alone.
    defaultPreloadStaleTime: 0,
    defaultPendingMs: 150,
    defaultErrorComponent: ErrorPage,
    defaultNotFoundComponent: () => <NotFoundPage />,
    // A path that matches only partly (/categories/desks/extra) is a plain 404, not the parent page.
    notFoundMode: 'root',
    Wrap: ({ children }) => <QueryProvider client={queryClient}>{children}</QueryProvider>,
    // The server's PUBLIC_ORIGIN travels with the page, so the absolute URLs the browser writes
    // on later navigations (canonical links, JSON-LD) are the ones the server would write.
    dehydrate: () => ({ publicOrigin: getPublicOrigin() }),
    hydrate: ({ publicOrigin }) => rememberPublicOrigin(publicOrigin),
  })
  // The integration dehydrates and streams the cache; the provider is ours (Wrap), so the browser's can persist it.
  setupRouterSsrQueryIntegration({ router, queryClient, wrapQueryClient: false })
  if (!import.meta.env.SSR) {
    followBrowserConnection()
    expectLiveEvents()
  }
  return router
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof getRouter>
  }
}

declare module '@tanstack/react-start' {
  interface Register {
    server: { requestContext: { nonce: string; formFlash?: FormFlash } }
  }
}
