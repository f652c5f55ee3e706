const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })

/** Formats integer cents for display; money is never a float anywhere else. */
export function formatMoney(cents: number) {
  return usd.format(cents / 100)
}
