import { describe, expect, it } from 'vitest'
import { toFtsQuery } from './catalog.server'

describe('toFtsQuery', () => {
  it('requires every word and lets the last one match as a prefix', () => {
    expect(toFtsQuery('Walnut des')).toBe('"walnut" "des"*')
  })

  it('keeps FTS operators and quotes out of the query', () => {
    expect(toFtsQuery('desk" OR name:* NEAR(')).toBe('"desk" "or" "name" "near"*')
  })

  it('answers an empty query for text without words', () => {
    expect(toFtsQuery('%% !!')).toBe('')
  })
})
