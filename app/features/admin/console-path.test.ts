import { describe, expect, it } from 'vitest'
import { consolePath } from './console-path'

describe('where sign-in may send an admin next', () => {
  it.each(['/admin', '/admin/inventory?sort=stock', '/admin/orders?page=2#top'])('keeps a console path: %s', (path) => {
    expect(consolePath(path)).toBe(path)
  })

  it.each([
    ['another site', '//evil.example/admin'],
    ['another site, backslashed', '/\\evil.example/admin'],
    ['an absolute URL', 'https://evil.example/admin'],
    ['a storefront page by dot segments', '/admin/../products/x'],
    ['encoded dot segments', '/admin/%2e%2e/products/x'],
    ['a lookalike path', '/administrator'],
  ])('refuses %s', (_, path) => {
    expect(consolePath(path)).toBeUndefined()
  })
})
