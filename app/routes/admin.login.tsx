import { createFileRoute, useNavigate } from '@tanstack/react-router'
import { z } from 'zod/mini'
import { consolePath } from '~/features/admin/console-path'
import { SignInForm } from '~/features/admin/components/sign-in-form'

// Only a path inside the console, resolved (see consolePath).
const searchSchema = z.object({ redirect: z.catch(z.optional(z.pipe(z.string(), z.transform(consolePath))), undefined) })

export const Route = createFileRoute('/admin/login')({
  validateSearch: searchSchema,
  head: () => ({ meta: [{ title: 'Sign in — Cartwheel admin' }, { name: 'robots', content: 'noindex' }] }),
  component: AdminLoginPage,
})

function AdminLoginPage() {
  const { redirect } = Route.useSearch()
  const navigate = useNavigate()
  return (
    <div className="mx-auto max-w-sm space-y-6 py-8">
      <h1 className="font-display text-3xl">Admin sign-in</h1>
      <SignInForm redirect={redirect} onSignedIn={() => void navigate({ href: redirect ?? '/admin/inventory', replace: true })} />
    </div>
  )
}
