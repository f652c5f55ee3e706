import { createFileRoute } from '@tanstack/react-router'
import { apiRouteHandlers } from '~/server/api-route'

export const Route = createFileRoute('/api/$')({
  server: { handlers: apiRouteHandlers },
})
