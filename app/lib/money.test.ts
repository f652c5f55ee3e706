import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatCount } from './format-count'
import { decimalAmount, formatMoney } from './money'

const intlDollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })

describe('formatMoney', () => {
  it('writes cents as dollars with grouped thousands and two decimals', () => {
    expect(formatMoney(0)).toBe('$0.00')
    expect(formatMoney(5)).toBe('$0.05')
    expect(formatMoney(123456)).toBe('$1,234.56')
    expect(formatMoney(-5)).toBe('-$0.05')
    expect(formatMoney(100000000)).toBe('$1,000,000.00')
  })

  // Up to ten billion dollars: beyond, cents / 100 is a float too coarse for Intl to round right.
  it('says exactly what Intl says for any whole number of cents', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => formatMoney(cents) === intlDollars.format(cents / 100)))
    fc.assert(fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (cents) => formatMoney(cents) === intlDollars.format(cents / 100)))
  })
})

describe('formatCount', () => {
  it('groups thousands with commas', () => {
    expect(formatCount(7)).toBe('7')
    expect(formatCount(1000)).toBe('1,000')
    expect(formatCount(100000)).toBe('100,000')
    expect(formatCount(-1234567)).toBe('-1,234,567')
  })

  it('says exactly what toLocaleString says for any number', () => {
    fc.assert(fc.property(fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -100_000, max: 100_000 }), fc.double()), (value) => formatCount(value) === value.toLocaleString('en-US')))
  })
})

describe('decimalAmount', () => {
  it('writes cents as a plain decimal with two places, no symbol and no grouping', () => {
    expect(decimalAmount(0)).toBe('0.00')
    expect(decimalAmount(5)).toBe('0.05')
    expect(decimalAmount(123456)).toBe('1234.56')
    expect(decimalAmount(-5)).toBe('-0.05')
  })
})
