import { describe, expect, it } from 'vitest'
import { baseSecurityHeaders, contentSecurityPolicy, createNonce, pageSecurityHeaders } from './security-headers'

const directives = (policy: string) => new Map(policy.split('; ').map((directive) => [directive.split(' ')[0], directive]))

describe('the page policy', () => {
  it('runs only scripts from this origin or with this response nonce, never inline ones', () => {
    const scripts = directives(contentSecurityPolicy('abc123')).get('script-src')
    expect(scripts).toBe("script-src 'self' 'nonce-abc123'")
  })

  it('forbids plugins, <base>, framing and forms to other sites', () => {
    const policy = directives(contentSecurityPolicy('n'))
    expect([...policy.values()]).toEqual(
      expect.arrayContaining(["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]),
    )
  })

  it('comes with a referrer policy and no camera, microphone or location for any page', () => {
    const headers = pageSecurityHeaders('n')
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
    expect(headers['permissions-policy']).toMatch(/camera=\(\), microphone=\(\), geolocation=\(\)/)
  })
})

describe('createNonce', () => {
  it('gives every response its own base64 value of 128 bits', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce))
    expect(nonces.size).toBe(50)
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16)
  })
})

describe('baseSecurityHeaders', () => {
  it('tells browsers to keep to https only when the request came over https', () => {
    expect(baseSecurityHeaders(new Request('https://shop.example/'))['strict-transport-security']).toMatch(/^max-age=\d+/)
    expect(baseSecurityHeaders(new Request('http://localhost:3000/'))).not.toHaveProperty('strict-transport-security')
  })

  it('believes a proxy that says https only when TRUST_PROXY is on', () => {
    const proxied = new Request('http://localhost:3000/', { headers: { 'x-forwarded-proto': 'https' } })
    expect(baseSecurityHeaders(proxied, { trustProxy: false })).not.toHaveProperty('strict-transport-security')
    expect(baseSecurityHeaders(proxied, { trustProxy: true })['strict-transport-security']).toMatch(/^max-age=\d+/)
  })

  it('forbids content sniffing on every response', () => {
    expect(baseSecurityHeaders(new Request('http://localhost/api/health'))['x-content-type-options']).toBe('nosniff')
  })
})
