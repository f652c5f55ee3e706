import type { FormAction } from '~/http/form-posts'
import { parseFormFields } from '~/http/form-fields'
import { readCookie, serializeCookie } from '~/http/cookies'
import { signInInputSchema } from './admin.schemas'
import { ADMIN_COOKIE, adminSessionCookie, signIn, signOut } from './admin-auth.server'
import { consolePath } from './console-path'

/** Where the console sends a signed-in admin: the page they were going to, if it is in the console. */
const nextPage = (redirect: string | undefined) => (redirect ? consolePath(redirect) : undefined) ?? '/admin/inventory'

const loginPage = (redirect: string | undefined) => {
  const next = redirect ? consolePath(redirect) : undefined
  return next ? `/admin/login?${new URLSearchParams({ redirect: next })}` : '/admin/login'
}

/** Sign-in and sign-out without JavaScript: the same functions as POST and DELETE /api/admin/session. */
export const adminForms = {
  signIn: {
    back: (fields) => loginPage(fields.redirect),
    // The email comes back after a refusal; the password never does, in a cookie or anywhere else.
    keep: ['email'],
    handle: async ({ request, db, fields, clientIp }) => {
      // Trimmed as the form trims it with JavaScript: a space pasted after the email is no typo.
      const input = parseFormFields({ ...fields, email: fields.email?.trim() ?? '' }, signInInputSchema)
      const { token, expiresAt } = await signIn(db, { ...input, clientIp })
      return { redirectTo: nextPage(fields.redirect), message: 'You are signed in.', cookies: [adminSessionCookie(request, token, expiresAt)] }
    },
  },
  signOut: {
    back: '/admin/login',
    handle: async ({ request, db }) => {
      const token = readCookie(request, ADMIN_COOKIE)
      if (token) await signOut(db, token)
      return { redirectTo: '/admin/login', message: 'You are signed out.', cookies: [serializeCookie(request, ADMIN_COOKIE, '', { maxAgeSeconds: 0 })] }
    },
  },
} satisfies Record<string, FormAction>
