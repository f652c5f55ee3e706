import { Link, Outlet, createFileRoute, redirect, useNavigate } from '@tanstack/react-router'
import { adminQueries } from '~/features/admin/admin.queries'
import { useSignOutMutation } from '~/features/admin/admin.mutations'
import { isApiError } from '~/lib/api-error'
import { formActions } from '~/lib/form-actions'

/** Every console page: signed-in admins only, checked before anything loads (on the server too). */
export const Route = createFileRoute('/admin/_console')({
  beforeLoad: async ({ context: { queryClient }, location }) => {
    try {
      // Asked every time, not read from the cache: a session can end in another tab.
      const session = await queryClient.query({ ...adminQueries.session(), staleTime: 0 })
      return { admin: session }
    } catch (error) {
      if (isApiError(error, 401)) throw redirect({ to: '/admin/login', search: { redirect: location.href } })
      throw error
    }
  },
  head: () => ({ meta: [{ name: 'robots', content: 'noindex' }] }),
  component: ConsoleLayout,
})

function ConsoleLayout() {
  const { admin } = Route.useRouteContext()
  const signOut = useSignOutMutation()
  const navigate = useNavigate()
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-stone-200 pb-3">
        <nav aria-label="Admin" className="flex gap-4">
          <Link to="/admin/inventory" className="font-medium" activeProps={{ className: 'underline' }}>
            Inventory
          </Link>
          <Link to="/admin/categories" className="font-medium" activeProps={{ className: 'underline' }}>
            Categories
          </Link>
          <Link to="/admin/orders" className="font-medium" activeProps={{ className: 'underline' }}>
            Orders
          </Link>
        </nav>
        <div className="flex items-center gap-3 text-sm text-stone-600">
          <span>Signed in as {admin.email}</span>
          {/* Posted by the browser itself before hydration; the mutation after. */}
          <form
            method="post"
            action={formActions.adminSignOut}
            onSubmit={(event) => {
              event.preventDefault()
              signOut.mutate(undefined, { onSettled: () => void navigate({ to: '/admin/login' }) })
            }}
          >
            <button type="submit" className="underline">
              Sign out
            </button>
          </form>
        </div>
      </div>
      <Outlet />
    </div>
  )
}
