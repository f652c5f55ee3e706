import { createMiddleware } from '@tanstack/react-start'
import { ApiError } from '~/lib/api-error'
import { errorResponse } from './http'

// Start's default prefix for server-function calls (TSS_SERVER_FN_BASE is not set here).
const SERVER_FN_BASE = '/_serverFn/'

// Start throws a plain Error for an id this build does not have (a tab left open across a deploy,
// or a probe), which it answers with a 500 and a logged stack; the message is its only mark.
const UNKNOWN_ID = /^Server function info not found for /

/** The API's own 404, never a stack: the caller only learns that no such function exists. */
export function serverFunctionNotFound() {
  return errorResponse(new ApiError(404, 'NOT_FOUND', 'There is no such server function'))
}

function decoded(segment: string) {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * A server-function path no function can answer, which Start fails on before (or outside) any
 * middleware: no id at all (it throws before middleware runs), or an id that names a property
 * every object has (`constructor`, `__proto__`): Start looks ids up in a plain object, finds the
 * prototype's member and crashes calling it. app/server.ts answers these with the 404 itself.
 */
export function isUnusableServerFunctionPath(pathname: string) {
  if (!pathname.startsWith(SERVER_FN_BASE)) return false
  const id = decoded(pathname.slice(SERVER_FN_BASE.length).split('/')[0] ?? '')
  return id === '' || id in Object.prototype
}

/** Answers a call to an unknown server-function id with a 404 instead of Start's 500. */
export const unknownServerFunction = createMiddleware().server(async ({ next, handlerType }) => {
  if (handlerType !== 'serverFn') return next()
  try {
    return await next()
  } catch (error) {
    if (error instanceof Error && UNKNOWN_ID.test(error.message)) return serverFunctionNotFound()
    throw error
  }
})
