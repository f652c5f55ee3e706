import { createFileRoute, redirect } from '@tanstack/react-router'

export const Route = createFileRoute('/admin/_console/')({
  beforeLoad: () => {
    throw redirect({ to: '/admin/inventory' })
  },
})
