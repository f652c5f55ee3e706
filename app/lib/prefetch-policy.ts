type NetworkInformationLike = { saveData?: boolean }

/**
 * Whether this browser welcomes speculative fetches. A shopper who turned on data saving
 * (`navigator.connection.saveData`) gets only what they ask for.
 */
export function canPrefetch() {
  // Node has a `navigator` too; prefetching is a browser matter only.
  if (typeof window === 'undefined') return false
  const connection = (navigator as Navigator & { connection?: NetworkInformationLike }).connection
  return connection?.saveData !== true
}
