import { formatCount } from './format-count'

let usd: Intl.NumberFormat | undefined

/**
 * Formats integer cents for display, as Intl's en-US dollars do ($1,234.56, -$0.05); money is never
 * a float anywhere else. Written out rather than through Intl for the reason format-count.ts gives.
 */
export function formatMoney(cents: number) {
  if (!Number.isSafeInteger(cents) || Object.is(cents, -0)) {
    usd ??= new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })
    return usd.format(cents / 100)
  }
  const whole = Math.abs(cents)
  return `${cents < 0 ? '-' : ''}$${formatCount(Math.floor(whole / 100))}.${String(whole % 100).padStart(2, '0')}`
}

/** Integer cents as a plain decimal amount ("1234.50"), as structured data and price meta tags write it. */
export function decimalAmount(cents: number) {
  const whole = Math.abs(cents)
  return `${cents < 0 ? '-' : ''}${Math.floor(whole / 100)}.${String(whole % 100).padStart(2, '0')}`
}
