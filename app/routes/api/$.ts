import { createFileRoute } from '@tanstack/react-router'
import { apiRouteHandlers } from '~/http/api-route'

export const Route = createFileRoute('/api/$')({
  server: { handlers: apiRouteHandlers },
})
