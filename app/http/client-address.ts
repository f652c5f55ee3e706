/**
 * The caller's address, for rate limits. The socket's peer (srvx's `request.ip`) unless the shop
 * is set to trust its proxy (TRUST_PROXY): then the last X-Forwarded-For entry, the one the proxy
 * itself appended (entries before it are whatever the client sent). Absent in-process (SSR).
 */
export function clientAddress(request: Request, { trustProxy }: { trustProxy: boolean }): string | undefined {
  const peer = (request as Request & { ip?: string }).ip
  if (!trustProxy) return peer
  const forwarded = request.headers.get('x-forwarded-for')?.split(',').pop()?.trim()
  return forwarded || peer
}

/** Whether the browser reached the shop over HTTPS: the request's own scheme, or the trusted proxy's word. */
export function isHttpsRequest(request: Request, { trustProxy }: { trustProxy: boolean }) {
  if (new URL(request.url).protocol === 'https:') return true
  return trustProxy && request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https'
}
