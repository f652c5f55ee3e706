/**
 * A whole number as en-US writes it (12,345), without Intl: a page's first Intl formatter loads
 * ICU's locale data, 15–35 ms on the main thread during hydration (four times that on Lighthouse's
 * mobile CPU). Anything but a safe integer still goes through Intl.
 */
export function formatCount(value: number) {
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) return value.toLocaleString('en-US')
  const grouped = String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return value < 0 ? `-${grouped}` : grouped
}
