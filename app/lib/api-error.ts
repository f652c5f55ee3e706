import { z } from 'zod/mini'

/** Every error code the API answers with (docs: ../shared/SPEC.md, HTTP API). */
export const apiErrorCodes = [
  'VALIDATION_ERROR',
  'CART_EMPTY',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'INSUFFICIENT_STOCK',
  'PRODUCT_ARCHIVED',
  'CART_FULL',
  'STOCK_LIMIT',
  'ORDER_NOT_CANCELLABLE',
  'VERSION_CONFLICT',
  'ALREADY_EXISTS',
  'PAYLOAD_TOO_LARGE',
  'IDEMPOTENCY_KEY_REUSED',
  'RATE_LIMITED',
  'INTERNAL_ERROR',
] as const

export type ApiErrorCode = (typeof apiErrorCodes)[number]

export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(apiErrorCodes),
    message: z.string(),
    details: z.optional(z.unknown()),
  }),
})

export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>

/** The one error type for API failures, thrown by server handlers and by the browser's api client alike. */
export class ApiError extends Error {
  override name = 'ApiError'

  /** How long the server asked us to wait before asking again (a 429's or 503's Retry-After). */
  readonly retryAfterMs: number | undefined

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    options: { retryAfterMs?: number } = {},
  ) {
    super(message)
    this.retryAfterMs = options.retryAfterMs
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } }
  }
}

/** The browser could not reach the API at all: offline, DNS, a dropped connection. */
export class NetworkError extends Error {
  override name = 'NetworkError'

  constructor(options?: { cause?: unknown }) {
    super('We could not reach the shop. Check your connection.', options)
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status)
}

/**
 * What a 409 VERSION_CONFLICT carries in `details.current` (the record as the server has it now),
 * parsed with `schema`; undefined for any other error, or a `current` of another shape.
 */
export function versionConflictCurrent<T extends z.core.$ZodType>(error: unknown, schema: T): z.output<T> | undefined {
  if (!isApiError(error, 409) || error.code !== 'VERSION_CONFLICT') return undefined
  const parsed = z.safeParse(schema, (error.details as { current?: unknown } | undefined)?.current)
  return parsed.success ? parsed.data : undefined
}
