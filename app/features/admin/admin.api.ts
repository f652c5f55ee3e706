import { ADMIN_COOKIE, adminSessionCookie, signIn, signOut } from './admin-auth.server'
import type { ApiHandler } from '~/http/api-router'
import { readCookie, serializeCookie } from '~/http/cookies'
import { parseJsonBody, respond } from '~/http/http'
import { adminSessionSchema, signInInputSchema } from './admin.schemas'

export const adminApi = {
  // Answers who is signed in: the admin pages ask before they render (401 sends them to sign-in).
  getSession: async (context) => respond(adminSessionSchema, { email: (await context.requireAdmin()).email }),

  signIn: async ({ db, request, clientIp }) => {
    const input = await parseJsonBody(request, signInInputSchema)
    const { token, expiresAt } = await signIn(db, { ...input, clientIp })
    return new Response(null, { status: 204, headers: { 'set-cookie': adminSessionCookie(request, token, expiresAt), 'cache-control': 'no-store' } })
  },

  signOut: async (context) => {
    await context.requireAdmin()
    await signOut(context.db, readCookie(context.request, ADMIN_COOKIE) ?? '')
    return new Response(null, { status: 204, headers: { 'set-cookie': serializeCookie(context.request, ADMIN_COOKIE, '', { maxAgeSeconds: 0 }) } })
  },
} satisfies Record<string, ApiHandler>
