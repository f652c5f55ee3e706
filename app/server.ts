import handler from '@tanstack/react-start/server-entry'
import { handleApiRequest } from './server/api-router'
import { getDatabase } from './server/database'

// The production server closes the database on shutdown (scripts/serve.ts).
export { closeDatabase } from './server/database'

// Uses the decoded value on purpose: a bare `decodeURI(x)` statement is dropped by the bundler as
// side-effect free, and with it the throw this check relies on.
function isDecodable(pathname: string) {
  try {
    return decodeURI(pathname).length >= 0
  } catch {
    return false
  }
}

/**
 * Every page is rendered with this browser's cart in it (the header badge, the cart page), so no
 * shared cache may store one shopper's page for another.
 */
function keepPagesPrivate(request: Request, response: Response) {
  if (!response.headers.get('content-type')?.startsWith('text/html')) return response
  const headers = new Headers(response.headers)
  // Admin pages carry inventory and the admin's email: kept nowhere, not even after sign-out.
  const admin = new URL(request.url).pathname.startsWith('/admin')
  headers.set('cache-control', admin ? 'no-store' : 'private, no-cache')
  headers.append('vary', 'Cookie')
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

// Start answers a path with broken percent-encoding with an empty 400 before any route runs, so
// this check sits outside Start's entry: API clients get the API's own JSON error for such a path,
// and everything else goes to Start unchanged.
export default {
  async fetch(request: Request, options?: Parameters<typeof handler.fetch>[1]) {
    const { pathname } = new URL(request.url)
    if (pathname.startsWith('/api/') && !isDecodable(pathname)) return handleApiRequest(request, { db: getDatabase() })
    return keepPagesPrivate(request, await handler.fetch(request, options))
  },
}
