import { getRequestHeader } from '@tanstack/react-start/server'
import { handleApiRequest } from './api-router'
import { getDatabase } from './database'

// The origin is never dialled: the request goes straight to the API router.
const INTERNAL_ORIGIN = 'http://cartwheel.internal'

/** Answers an API call made during SSR with the page request's cookies, as the browser would send them. */
export function fetchInProcess(path: string, init: RequestInit) {
  const headers = new Headers(init.headers)
  const cookie = getRequestHeader('cookie')
  if (cookie) headers.set('cookie', cookie)
  return handleApiRequest(new Request(new URL(path, INTERNAL_ORIGIN), { ...init, headers }), { db: getDatabase() })
}
