import { z } from 'zod/mini'
import { ApiError } from '~/lib/api-error'
import { idempotencyKeySchema } from '~/lib/idempotency'

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }

/**
 * Each JSON answer's text, kept beside it for an in-process caller (SSR, in-process-fetch.ts): it
 * parses the very text the browser would get, without reading it back out of the body stream.
 */
const jsonTexts = new WeakMap<Response, string>()

export function json(body: unknown, init: ResponseInit = {}) {
  const headers = new Headers(init.headers)
  for (const [name, value] of Object.entries(JSON_HEADERS)) if (!headers.has(name)) headers.set(name, value)
  const text = JSON.stringify(body)
  // Declared, so the server's compression can leave a small answer as it is (scripts/serve/compression.ts).
  headers.set('content-length', String(Buffer.byteLength(text)))
  const response = new Response(text, { ...init, headers })
  jsonTexts.set(response, text)
  return response
}

/** The body `json()` wrote into this response, as text; undefined for any other response. */
export const jsonTextOf = (response: Response) => jsonTexts.get(response)

export function errorResponse(error: ApiError, headers?: HeadersInit) {
  const all = new Headers(headers)
  if (error.retryAfterMs !== undefined) all.set('retry-after', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))))
  return json(error.toBody(), { status: error.status, headers: all })
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
export function parseQuery<T extends z.core.$ZodType>(url: URL, schema: T): z.output<T> {
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
  const result = z.safeParse(schema, values)
  if (!result.success) throw validationError(result.error.issues, 'The query string is not valid')
  return result.data
}

/** Strictly validates an outgoing read, so a handler can never answer with a shape the client rejects. */
export function respond<T extends z.core.$ZodType>(schema: T, body: z.input<T>, init?: ResponseInit) {
  return json(z.parse(schema, body), init)
}

/**
 * Answers a write that has committed. Nothing may fail after a commit: a client told "500" would
 * retry a change that was applied. So the body is checked by its type here, not parsed; the
 * ranges the schema promises were enforced before the write, and the database's CHECK
 * constraints hold them whatever code wrote the row.
 */
export function respondCommitted<T extends z.core.$ZodType>(_schema: T, body: z.output<T>, init?: ResponseInit) {
  return json(body, init)
}

/** Parses a JSON request body with a schema; a wrong content type or broken JSON is a 400, never a 500. */
/**
 * A request body's text, when its Content-Type is `type` (a wrong one is a 400 that says which to
 * send, `asked`); a body the client broke off is a 400 too, never a 500.
 */
export async function readBodyText(request: Request, type: string, asked: string): Promise<string> {
  const sent = request.headers.get('content-type') ?? ''
  const [essence = ''] = sent.split(';')
  if (essence.trim().toLowerCase() !== type) {
    throw new ApiError(400, 'VALIDATION_ERROR', asked, [{ path: '', message: `Content-Type was "${sent || 'missing'}"`, code: 'invalid_type' }])
  }
  try {
    return await request.text()
  } catch {
    // The client went away mid-body, or sent broken chunks: nothing of ours failed, nothing to log.
    throw new ApiError(400, 'VALIDATION_ERROR', 'The request body could not be read')
  }
}

export async function parseJsonBody<T extends z.core.$ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  const text = await readBodyText(request, 'application/json', 'Send the body as JSON with Content-Type: application/json')
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new ApiError(400, 'VALIDATION_ERROR', 'The body is not valid JSON')
  }
  const result = z.safeParse(schema, body)
  if (!result.success) throw validationError(result.error.issues, 'The request body is not valid')
  return result.data
}

/** Parses path parameters (":productId") with a schema. */
export function parsePathParams<T extends z.core.$ZodType>(params: Record<string, string>, schema: T): z.output<T> {
  const result = z.safeParse(schema, params)
  if (!result.success) throw validationError(result.error.issues, 'The path is not valid')
  return result.data
}

/**
 * The Idempotency-Key header, validated: 16 to 255 printable characters. Absent, it is undefined
 * unless the endpoint requires one, which answers 400.
 */
export function readIdempotencyKey(request: Request, options: { required: true }): string
export function readIdempotencyKey(request: Request, options?: { required?: boolean }): string | undefined
export function readIdempotencyKey(request: Request, { required = false } = {}): string | undefined {
  const header = request.headers.get('idempotency-key')
  if (header === null && !required) return undefined
  const result = idempotencyKeySchema.safeParse(header)
  if (!result.success) {
    throw validationError(
      result.error.issues.map((issue) => ({ ...issue, path: ['Idempotency-Key'] })),
      header === null
        ? 'Send an Idempotency-Key header (16 to 255 printable characters) that names this attempt'
        : 'The Idempotency-Key header must be 16 to 255 printable characters',
    )
  }
  return result.data
}
