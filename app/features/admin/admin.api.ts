import { ADMIN_COOKIE, adminSessionCookie, requireAdmin, signIn, signOut } from '~/server/admin-auth'
import type { ApiHandler } from '~/server/api-router'
import { readCookie, serializeCookie } from '~/server/cookies'
import { parseJsonBody, respond } from '~/server/http'
import { adminSessionSchema, signInInputSchema } from './admin.schemas'

export const adminApi = {
  // Answers who is signed in: the admin pages ask before they render (401 sends them to sign-in).
  getSession: (context) => respond(adminSessionSchema, { email: requireAdmin(context).email }),

  signIn: async ({ db, request, clientIp }) => {
    const input = await parseJsonBody(request, signInInputSchema)
    const { token, expiresAt } = await signIn(db, { ...input, clientIp })
    return new Response(null, { status: 204, headers: { 'set-cookie': adminSessionCookie(request, token, expiresAt), 'cache-control': 'no-store' } })
  },

  signOut: (context) => {
    requireAdmin(context)
    signOut(context.db, readCookie(context.request, ADMIN_COOKIE) ?? '')
    return new Response(null, { status: 204, headers: { 'set-cookie': serializeCookie(context.request, ADMIN_COOKIE, '', { maxAgeSeconds: 0 }) } })
  },
} satisfies Record<string, ApiHandler>
