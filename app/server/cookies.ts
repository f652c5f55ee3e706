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
 * Whether the browser reached us over HTTPS: directly, or through a proxy that ended TLS and says
 * so in X-Forwarded-Proto. The one place the header is read without TRUST_PROXY, because it is safe
 * here: a false "https" only makes the sender's own cookie stricter (Secure).
 */
function isHttps(request: Request) {
  if (new URL(request.url).protocol === 'https:') return true
  return request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https'
}

/**
 * A Set-Cookie value for a cookie that scripts cannot read (httpOnly) and other sites cannot send
 * on their writes (SameSite=Lax); Secure whenever the page itself came over HTTPS.
 */
export function serializeCookie(request: Request, name: string, value: string, { maxAgeSeconds }: { maxAgeSeconds: number }) {
  const secure = isHttps(request) ? '; Secure' : ''
  return `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`
}
