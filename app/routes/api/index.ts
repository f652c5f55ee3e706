import { createFileRoute } from '@tanstack/react-router'
import { apiRouteHandlers } from '~/http/api-route'

// "/api" itself is not an endpoint, but it answers like one: a JSON 404.
export const Route = createFileRoute('/api/')({
  server: { handlers: apiRouteHandlers },
})
