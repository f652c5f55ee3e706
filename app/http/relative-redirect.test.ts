import { describe, expect, it } from 'vitest'
import { relativeLocation } from './relative-redirect'

// What srvx builds for `GET //evil.example/foo` with `Host: evil.example`.
const forged = new Request('http://evil.example//evil.example/foo?x=1')

describe('relativeLocation', () => {
  it('writes a redirect to the request host as a path, so a forged Host header leads nowhere', () => {
    expect(relativeLocation(forged, 'http://evil.example/evil.example/foo?x=1')).toBe('/evil.example/foo?x=1')
  })

  it('never writes a path that starts with two slashes, which a browser reads as another host', () => {
    expect(relativeLocation(forged, 'http://evil.example//evil.example/foo')).toBe('/evil.example/foo')
    expect(relativeLocation(forged, '//evil.example/foo')).toBe('/foo')
  })

  it('keeps paths as they are', () => {
    expect(relativeLocation(new Request('http://localhost/cart/'), '/cart')).toBe('/cart')
  })
})
