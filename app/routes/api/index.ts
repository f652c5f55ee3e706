import { createFileRoute } from '@tanstack/react-router'
import { handleApiRequest } from '~/server/api-router'
import { getDatabase } from '~/server/database'

// "/api" itself is not an endpoint, but it answers like one: a JSON 404.
export const Route = createFileRoute('/api/')({
  server: {
    handlers: {
      ANY: ({ request }) => handleApiRequest(request, { db: getDatabase() }),
    },
  },
})
