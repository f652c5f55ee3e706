import type { z } from 'zod'
import { ApiError } from '~/lib/api-error'

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }

export function json(body: unknown, init: ResponseInit = {}) {
  const headers = new Headers(init.headers)
  for (const [name, value] of Object.entries(JSON_HEADERS)) if (!headers.has(name)) headers.set(name, value)
  return new Response(JSON.stringify(body), { ...init, headers })
}

export function errorResponse(error: ApiError, headers?: HeadersInit) {
  return json(error.toBody(), { status: error.status, headers })
}

/** zod issues in the shape the API promises in `details`: where, what, and the rule broken. */
export function validationError(issues: z.core.$ZodIssue[], message = 'The request is not valid') {
  return new ApiError(
    400,
    'VALIDATION_ERROR',
    message,
    issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message, code: issue.code })),
  )
}

/** Parses the query string with a schema; unknown parameters are ignored, a repeated one is a 400. */
export function parseQuery<T extends z.ZodType>(url: URL, schema: T): z.output<T> {
  const values: Record<string, string> = {}
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key)
    if (all.length > 1) {
      throw new ApiError(400, 'VALIDATION_ERROR', `Query parameter "${key}" is given more than once`, [
        { path: key, message: 'Give this parameter once', code: 'repeated' },
      ])
    }
    values[key] = all[0] as string
  }
  const result = schema.safeParse(values)
  if (!result.success) throw validationError(result.error.issues, 'The query string is not valid')
  return result.data
}

/** Strictly validates an outgoing body, so a handler can never answer with a shape the client rejects. */
export function respond<T extends z.ZodType>(schema: T, body: z.input<T>, init?: ResponseInit) {
  return json(schema.parse(body), init)
}
