import { queryOptions } from '@tanstack/react-query'
import { apiGet } from '~/lib/api-client'
import { tierOptions } from '~/lib/cache-tiers'
import { adminSessionSchema } from './admin.schemas'

export const adminKeys = {
  all: ['admin'] as const,
  session: () => [...adminKeys.all, 'session'] as const,
  signIn: () => [...adminKeys.all, 'sign-in'] as const,
  signOut: () => [...adminKeys.all, 'sign-out'] as const,
}

export const adminQueries = {
  /** Who is signed in; a 401 means nobody, and the admin pages send the visitor to sign in. */
  session: () =>
    queryOptions({
      queryKey: adminKeys.session(),
      queryFn: ({ signal }) => apiGet('/api/admin/session', adminSessionSchema, { signal }),
      ...tierOptions('session'),
    }),
}
