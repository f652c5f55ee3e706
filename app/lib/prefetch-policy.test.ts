import { afterEach, describe, expect, it } from 'vitest'
import { canPrefetch } from './prefetch-policy'

function setConnection(value: unknown) {
  Object.defineProperty(navigator, 'connection', { value, configurable: true })
}

afterEach(() => setConnection(undefined))

describe('canPrefetch', () => {
  it('allows prefetching by default', () => {
    expect(canPrefetch()).toBe(true)
  })

  it('refuses when the shopper asked to save data', () => {
    setConnection({ saveData: true })
    expect(canPrefetch()).toBe(false)
  })
})
