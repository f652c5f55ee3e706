import { registerCartMutationDefaults } from './features/cart/cart.mutations'
import { createQueryClient } from './lib/query-client'

/**
 * The storefront's QueryClient: the shared defaults, plus each feature's mutation defaults (the
 * requests of changes that must survive a reload while queued offline). One per SSR request and
 * one per browser tab.
 */
export function createAppQueryClient() {
  const client = createQueryClient()
  registerCartMutationDefaults(client)
  return client
}
