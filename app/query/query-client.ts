import { isServer, QueryClient } from '@tanstack/react-query'
import { cancelCartReadsWhileUnconfirmed } from '~/features/cart/cart-sync'
import { registerCartMutationDefaults } from '~/features/cart/cart.mutations'
import { naiveCachePolicy } from '~/lib/naive-cache-policy'
import { retryDelay, shouldRetryQuery } from '~/lib/retry-policy'
import { recordCascades } from './cascade-log'
import { createCascadingMutationCache } from './mutation-cascade'

/**
 * The storefront's QueryClient: one per SSR request and one per browser tab (see app/router.tsx),
 * and the one the tests use: the shared query defaults, the cascade in its MutationCache, each
 * feature's mutation defaults (the requests of changes that must survive a reload while queued
 * offline), and the log of what each cascade did (for the cascade inspector).
 */
export function createQueryClient() {
  const client = new QueryClient({
    mutationCache: createCascadingMutationCache(),
    defaultOptions: {
      queries: {
        // Every query spreads a tier from app.config.ts; this floor only guards a query that forgot,
        // so that nothing refetches on hydration (unless the bench's naive build asks for exactly that).
        staleTime: naiveCachePolicy ? 0 : 10_000,
        // The server renders with what it has and lets the browser retry: a page must not hang on backoff.
        retry: isServer ? false : shouldRetryQuery,
        retryDelay,
      },
    },
  })
  registerCartMutationDefaults(client)
  cancelCartReadsWhileUnconfirmed(client)
  // Only a browser has an inspector to read it.
  if (!isServer) recordCascades(client)
  return client
}
