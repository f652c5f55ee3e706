import handler from '@tanstack/react-start/server-entry'
import { handleApiRequest } from './server/api-router'
import { getDatabase } from './server/database'

// Uses the decoded value on purpose: a bare `decodeURI(x)` statement is dropped by the bundler as
// side-effect free, and with it the throw this check relies on.
function isDecodable(pathname: string) {
  try {
    return decodeURI(pathname).length >= 0
  } catch {
    return false
  }
}

// Start answers a path with broken percent-encoding with an empty 400 before any route runs, so
// this check sits outside Start's entry: API clients get the API's own JSON error for such a path,
// and everything else goes to Start unchanged.
export default {
  fetch(request: Request, options?: Parameters<typeof handler.fetch>[1]) {
    const { pathname } = new URL(request.url)
    if (pathname.startsWith('/api/') && !isDecodable(pathname)) return handleApiRequest(request, { db: getDatabase() })
    return handler.fetch(request, options)
  },
}
