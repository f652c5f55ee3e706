import { handleApiRequest } from './api-router'
import { getDatabase } from './database'

/** The server-route handlers that hand a request under /api to the API router. */
export const apiRouteHandlers = {
  ANY: ({ request }: { request: Request }) => handleApiRequest(request, { db: getDatabase() }),
}
