import { createFileRoute } from '@tanstack/react-router'
import { handleApiRequest } from '~/server/api-router'
import { getDatabase } from '~/server/database'

export const Route = createFileRoute('/api/$')({
  server: {
    handlers: {
      ANY: ({ request }) => handleApiRequest(request, { db: getDatabase() }),
    },
  },
})
