import type { Database } from '#db/work'
import { requireAdmin, type Admin } from '~/features/admin/admin-auth.server'
import { adminForms } from '~/features/admin/admin.forms'
import { cartForms } from '~/features/cart/cart.forms'
import { catalogAdminForms } from '~/features/inventory/catalog-admin.forms'
import { checkoutForms } from '~/features/orders/checkout.forms'
import { ApiError } from '~/lib/api-error'
import { formActions, formFieldNames, localPath, type FormActionName } from '~/lib/form-actions'
import type { FormFlash } from '~/lib/form-flash'
import { refuseCrossSiteWrite, settingsPolicy, type RequestPolicy } from './api-router'
import { limitBody, refuseDeclaredOversize } from './body-limit'
import { clientAddress } from './client-address'
import { readFormFields, type FormFields } from './form-fields'
import { formFlashCookie } from './form-flash'
import { readCartToken } from './shopper-cookie'
import { takeWriteBudget, type LimitedWrite } from './write-limits'
import './zod-messages'

export type FormContext = {
  request: Request
  db: Database
  fields: FormFields
  clientIp: string | undefined
  /** The signed-in admin this post acts for; without a session the browser is sent to sign in (a console form starts here). */
  requireAdmin: () => Promise<Admin>
}

/** Where a form that worked sends the browser, what the page there says, and the cookies it sets. */
export type FormOutcome = { redirectTo: string; message: string; cookies?: string[] }

/**
 * One form's server side. `handle` does the API's work by calling the same server functions
 * (`*.server.ts`); whatever it throws as an ApiError sends the browser back with the message.
 */
export type FormAction = {
  handle: (context: FormContext) => FormOutcome | Promise<FormOutcome>
  /** The page a refusal goes back to when the form names none of its own (its `returnTo` field). */
  back: string | ((fields: FormFields) => string)
  /**
   * The fields given back to the form after a refusal, so nothing typed is lost (or, given the
   * posted fields, the ones worth giving back: those the user changed). Never a password.
   */
  keep?: readonly string[] | ((fields: FormFields) => readonly string[])
  /** The write budget it spends, as its API endpoint does (write-limits.ts). */
  limit?: LimitedWrite
}

/** Every form the server answers, by name; each name's path is in formActions. One row per form. */
const forms: Record<FormActionName, FormAction> = {
  addToCart: cartForms.add,
  setCartLine: cartForms.setLine,
  removeCartLine: cartForms.removeLine,
  checkout: checkoutForms.placeOrder,
  adminSignIn: adminForms.signIn,
  adminSignOut: adminForms.signOut,
  adminCreateProduct: catalogAdminForms.createProduct,
  adminEditProduct: catalogAdminForms.editProduct,
  adminArchiveProduct: catalogAdminForms.archiveProduct,
  adminCreateCategory: catalogAdminForms.createCategory,
  adminRenameCategory: catalogAdminForms.renameCategory,
}

const byPath = new Map(Object.entries(formActions).map(([name, path]) => [path as string, name as FormActionName]))

/** Whether a path is a form action's (app/server.ts hands these to handleFormPost). */
export const isFormPath = (pathname: string) => pathname === '/forms' || pathname.startsWith('/forms/')

/** A small page for what no form can come back from: a refused origin, an oversized or unknown post. */
function refusalPage(status: number, title: string, text: string, headers: Record<string, string> = {}) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} — Cartwheel</title></head><body><main><h1>${title}</h1><p>${text}</p><p><a href="/">Back to the shop</a></p></main></body></html>`
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers } })
}

function seeOther(request: Request, location: string, flash: FormFlash, cookies: readonly string[] = []) {
  const headers = new Headers({ location, 'cache-control': 'no-store' })
  for (const cookie of [...cookies, formFlashCookie(request, flash)]) headers.append('set-cookie', cookie)
  return new Response(null, { status: 303, headers })
}

/** What the shopper reads after a refusal: the API's message, or per field for a form that shows them. */
function refusalFlash(form: FormActionName, error: ApiError, fields: FormFields, keep: readonly string[]): FormFlash {
  const issues = error.code === 'VALIDATION_ERROR' && Array.isArray(error.details) ? (error.details as Array<{ path: string; message: string }>) : []
  const fieldErrors: Record<string, string> = {}
  for (const issue of issues) fieldErrors[issue.path] ??= issue.message
  const message =
    issues.length === 1 && issues[0]
      ? issues[0].message
      : error.code === 'IDEMPOTENCY_KEY_REUSED'
        ? 'This form was already sent with other details. Check them and send it again.'
        : error.message
  const kept = Object.fromEntries(keep.flatMap((name) => (fields[name] === undefined ? [] : [[name, fields[name]]])))
  return { form, tone: 'error', message: message.endsWith('.') ? message : `${message}.`, fields: kept, fieldErrors }
}

/**
 * Answers a form the browser posted itself (before hydration, or without JavaScript) with
 * post/redirect/get: a 303 to the page to show next, with a flash message for it. The API's rules
 * hold: cross-site posts are refused (403), bodies over 1 MB too (413), and the write budgets
 * apply. The body is read before the budget is spent so that a refusal can still hand back what
 * the shopper typed.
 */
export async function handleFormPost(request: Request, { db, policy = settingsPolicy() }: { db: Database; policy?: RequestPolicy }): Promise<Response> {
  const url = new URL(request.url)
  const name = byPath.get(url.pathname.replace(/\/$/, ''))
  if (!name) return refusalPage(404, 'Not found', 'No form is sent here.')
  if (request.method !== 'POST') return refusalPage(405, 'Use the form', 'This address takes a form sent from the shop’s pages.', { allow: 'POST' })
  const action = forms[name]
  let fields: FormFields
  try {
    refuseCrossSiteWrite(request, url, policy)
    refuseDeclaredOversize(request)
    fields = await readFormFields(await limitBody(request))
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    if (error.status === 403) return refusalPage(403, 'Refused', 'Changes must come from this shop’s own pages. Go back to the shop and try again there.')
    if (error.status === 413) return refusalPage(413, 'Too large', 'That form was too large to send.')
    return refusalPage(400, 'Not a form', 'This address takes a form sent from the shop’s pages.')
  }
  const back = localPath(fields[formFieldNames.returnTo]) ?? (typeof action.back === 'string' ? action.back : action.back(fields))
  try {
    const clientIp = clientAddress(request, policy)
    if (action.limit) await takeWriteBudget(db, action.limit, { address: clientIp, cartToken: readCartToken(request), perAddress: policy.perAddress })
    const outcome = await action.handle({ request, db, fields, clientIp, requireAdmin: () => requireAdmin(db, request) })
    return seeOther(request, outcome.redirectTo, { form: name, tone: 'success', message: outcome.message }, outcome.cookies)
  } catch (error) {
    if (error instanceof ApiError) {
      // A console form whose session ended: sign in, then back to the form's page.
      const to = error.status === 401 && name !== 'adminSignIn' ? `/admin/login?${new URLSearchParams({ redirect: back })}` : back
      return seeOther(request, to, refusalFlash(name, error, fields, typeof action.keep === 'function' ? action.keep(fields) : (action.keep ?? [])))
    }
    console.error('Unhandled form error', error)
    return seeOther(request, back, { form: name, tone: 'error', message: 'Something went wrong on our side. Please try again.' })
  }
}
