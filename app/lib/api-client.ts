import { z } from 'zod/mini'
import { ApiError, apiErrorBodySchema, NetworkError, type ApiErrorCode } from './api-error'

/** What the client reads of an answer: a `Response` in the browser, an answer of the same shape in-process. */
export type ApiAnswer = Pick<Response, 'ok' | 'status' | 'statusText' | 'headers' | 'json'>

// Imported once: an import() of a loaded module still asks Node's module loader (and any loader
// hooks, such as tsx's) to resolve it again, and a page makes five API calls.
let inProcess: Promise<{ fetchInProcess: (path: string, init: RequestInit) => Promise<ApiAnswer> }> | undefined

/**
 * The browser's way to the HTTP API. During SSR the same call is answered in-process by the API
 * router (no HTTP request to ourselves); Vite drops that branch from the client bundle.
 */
async function send(path: string, init: RequestInit): Promise<ApiAnswer> {
  if (import.meta.env.SSR) {
    // A failed import is not kept: the next call tries again.
    inProcess ??= import('~/http/in-process-fetch').catch((error: unknown) => {
      inProcess = undefined
      throw error
    })
    const { fetchInProcess } = await inProcess
    return fetchInProcess(path, init)
  }
  try {
    // Resolved against the page, so the same call works in a browser and in jsdom tests.
    return await fetch(new URL(path, window.location.href), init)
  } catch (error) {
    if (init.signal?.aborted) throw error
    throw new NetworkError({ cause: error })
  }
}

// For an error answer without the API's JSON body (a proxy, or the server before our router).
const codeForStatus: Record<number, ApiErrorCode> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

async function toApiError(response: ApiAnswer): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined)
  const parsed = apiErrorBodySchema.safeParse(body)
  const options = { retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) }
  if (parsed.success) {
    const { code, message, details } = parsed.data.error
    return new ApiError(response.status, code, message, details, options)
  }
  const code = codeForStatus[response.status] ?? 'INTERNAL_ERROR'
  return new ApiError(response.status, code, response.statusText || `The request failed with status ${response.status}`, undefined, options)
}

export type QueryParams = Record<string, string | number | boolean | undefined>

export function withQuery(path: string, params: QueryParams) {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value))
  }
  const query = search.toString()
  return query ? `${path}?${query}` : path
}

/** GETs a path and validates the answer with the shared schema; non-2xx answers throw ApiError. */
export async function apiGet<T extends z.core.$ZodType>(path: string, schema: T, options: { signal?: AbortSignal } = {}): Promise<z.output<T>> {
  const response = await send(path, { headers: { accept: 'application/json' }, signal: options.signal })
  if (!response.ok) throw await toApiError(response)
  return z.parse(schema, await response.json())
}

type SendOptions = { body?: unknown; idempotencyKey?: string; signal?: AbortSignal }

/** Sends a write (JSON body, optional Idempotency-Key) and validates the answer like `apiGet`. */
export async function apiSend<T extends z.core.$ZodType>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  schema: T,
  { body, idempotencyKey, signal }: SendOptions = {},
): Promise<z.output<T>> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey
  // keepalive: a write sent as the page unloads (a stepper flushing on pagehide) still arrives.
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, keepalive: true }
  const response = await send(path, init)
  if (!response.ok) throw await toApiError(response)
  // 204 No Content: the schema says what "nothing" is (z.null()).
  return z.parse(schema, response.status === 204 ? null : await response.json())
}
