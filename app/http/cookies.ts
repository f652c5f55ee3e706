import { isHttpsRequest } from './client-address'

/** Reads one cookie from a request's Cookie header. */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie')
  if (!header) return undefined
  for (const part of header.split(';')) {
    const separator = part.indexOf('=')
    if (separator === -1) continue
    if (part.slice(0, separator).trim() !== name) continue
    try {
      return decodeURIComponent(part.slice(separator + 1).trim())
    } catch {
      return undefined
    }
  }
  return undefined
}

/**
 * A Set-Cookie value for a cookie that scripts cannot read (httpOnly) and other sites cannot send
 * on their writes (SameSite=Lax); Secure whenever the page itself came over HTTPS. Here alone
 * X-Forwarded-Proto is believed without TRUST_PROXY, because it is safe: a false "https" only
 * makes the sender's own cookie stricter.
 */
export function serializeCookie(request: Request, name: string, value: string, { maxAgeSeconds }: { maxAgeSeconds: number }) {
  const secure = isHttpsRequest(request, { trustProxy: true }) ? '; Secure' : ''
  return `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`
}
