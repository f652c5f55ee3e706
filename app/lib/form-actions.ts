/**
 * Where each form posts when the browser submits it itself: before hydration, or with JavaScript
 * off. The server answers these paths in app/http/form-posts.ts; after hydration the same forms
 * run their mutations instead and never post. Client-safe: components read their `action` here.
 */
export const formActions = {
  addToCart: '/forms/cart/add',
  setCartLine: '/forms/cart/set',
  removeCartLine: '/forms/cart/remove',
  checkout: '/forms/checkout',
  adminSignIn: '/forms/admin/sign-in',
  adminSignOut: '/forms/admin/sign-out',
  adminCreateProduct: '/forms/admin/products/new',
  adminEditProduct: '/forms/admin/products/edit',
  adminArchiveProduct: '/forms/admin/products/archive',
  adminCreateCategory: '/forms/admin/categories/new',
  adminRenameCategory: '/forms/admin/categories/rename',
} as const

export type FormActionName = keyof typeof formActions

/** The hidden fields every posting form may carry (see FormPostFields). */
export const formFieldNames = { returnTo: 'returnTo', idempotencyKey: 'idempotencyKey' } as const

/**
 * A path on this site to send the browser back to, or undefined: never another site
 * (`//evil.example`, `/\evil.example`), and judged as the browser will resolve it.
 */
export function localPath(value: string | undefined | null): string | undefined {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined
  const base = 'http://local.invalid'
  const resolved = URL.parse(value, base)
  if (!resolved || resolved.origin !== base) return undefined
  return resolved.pathname + resolved.search
}
