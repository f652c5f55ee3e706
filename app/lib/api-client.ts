import type { z } from 'zod'
import { ApiError, apiErrorBodySchema } from './api-error'

/**
 * The browser's way to the HTTP API. During SSR the same call is answered in-process by the API
 * router (no HTTP request to ourselves); Vite drops that branch from the client bundle.
 */
async function send(path: string, init: RequestInit): Promise<Response> {
  if (import.meta.env.SSR) {
    const { fetchInProcess } = await import('~/server/in-process-fetch')
    return fetchInProcess(path, init)
  }
  // Resolved against the page, so the same call works in a browser and in jsdom tests.
  return fetch(new URL(path, window.location.href), init)
}

async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined)
  const parsed = apiErrorBodySchema.safeParse(body)
  if (parsed.success) {
    const { code, message, details } = parsed.data.error
    return new ApiError(response.status, code, message, details)
  }
  return new ApiError(response.status, response.status >= 500 ? 'INTERNAL_ERROR' : 'NOT_FOUND', response.statusText || 'Request failed')
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
export async function apiGet<T extends z.ZodType>(path: string, schema: T, options: { signal?: AbortSignal } = {}): Promise<z.output<T>> {
  const response = await send(path, { headers: { accept: 'application/json' }, signal: options.signal })
  if (!response.ok) throw await toApiError(response)
  return schema.parse(await response.json())
}
