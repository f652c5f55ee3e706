/** Product images are SVGs the app draws itself (see product-image.server.ts): no external URLs. */
export function productImageUrl(slug: string) {
  return `/images/products/${slug}.svg`
}
