import { cacheTiers, type CacheTierName } from '../../app.config'

/** The query options of a cache tier (app.config.ts), to spread into a queryOptions() object. */
export function tierOptions(name: CacheTierName) {
  const { staleTime, gcTime, refetchInterval, refetchOnWindowFocus } = cacheTiers[name]
  return { staleTime, gcTime, refetchInterval, refetchOnWindowFocus }
}
