import { createSerializationAdapter } from '@tanstack/react-router'
import { ApiError, apiErrorCodes, type ApiErrorCode } from './api-error'

/**
 * Carries an ApiError from a server loader into the browser as an ApiError. Without it the router
 * sends errors as plain Errors, and the error page would render one way on the server and another
 * in the browser.
 */
export const apiErrorSerializer = createSerializationAdapter({
  key: 'cartwheel-api-error',
  test: (value): value is ApiError => value instanceof ApiError,
  toSerializable: (error) => ({
    status: error.status,
    code: error.code as string,
    message: error.message,
    details: JSON.stringify(error.details ?? null),
  }),
  fromSerializable: ({ status, code, message, details }) => {
    const known = (apiErrorCodes as readonly string[]).includes(code) ? (code as ApiErrorCode) : 'INTERNAL_ERROR'
    return new ApiError(status, known, message, JSON.parse(details) ?? undefined)
  },
})
