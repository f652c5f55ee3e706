/**
 * Where sign-in may send an admin next: only a path inside the console. Never another site
 * (`//evil.example`), nor out of the console by dot segments (`/admin/../products/x`): the path
 * is judged as the browser will resolve it, and handed on in that resolved form.
 */
export function consolePath(value: string): string | undefined {
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined
  let resolved: URL
  try {
    resolved = new URL(value, 'http://console.invalid')
  } catch {
    return undefined
  }
  if (resolved.origin !== 'http://console.invalid' || !/^\/admin(\/|$)/.test(resolved.pathname)) return undefined
  return resolved.pathname + resolved.search + resolved.hash
}
