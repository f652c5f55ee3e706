/**
 * A redirect to this request's own origin, written as a path. Start answers `//evil.example/x`
 * with an absolute Location built from the request URL, whose host is whatever the Host header
 * said: a forged Host (or a cache keyed without it) would send shoppers to another site. A path
 * keeps the browser on the host it asked. Leading slashes collapse to one, because
 * `//evil.example` is itself a URL of another host.
 */
export function relativeLocation(request: Request, location: string) {
  const origin = new URL(request.url).origin
  const target = URL.parse(location, request.url)
  if (!target || target.origin !== origin) return location
  return target.pathname.replace(/^\/+/, '/') + target.search + target.hash
}
