/**
 * The naive cache policy, which only `npm run bench -- session` builds (NAIVE_CACHE_POLICY=1, see
 * vite.config.ts), to measure what the shipped policy saves: every query at staleTime 0 with
 * TanStack Query's defaults for the rest (gcTime 5 min; refetch on mount, focus and reconnect; no
 * polling), and every mutation followed by `invalidateQueries()` (everything stale, whatever is on
 * screen refetched) in place of the cascade. Left as shipped: the live stream and its events, the
 * router's preload on intent, the cart's own optimistic writes and answers. In every other build
 * the flag is the literal `false` and the code behind it is dropped from the bundle.
 */
export const naiveCachePolicy: boolean = import.meta.env.VITE_NAIVE_CACHE_POLICY === true

