import type { Product, ProductPage, ProductSummary } from '~/features/catalog/catalog.schemas'

// Products shaped as the catalog API answers them, made up for tests whose msw handlers answer
// without a database. (Playwright's fixtures are tests/e2e/fixtures.ts.)

export function productSummary(id: number, overrides: Partial<ProductSummary> = {}): ProductSummary {
  return {
    id,
    slug: `product-${id}`,
    sku: `CW-TST-${String(id).padStart(6, '0')}`,
    name: `Product ${id}`,
    priceCents: 1_000 * id,
    currency: 'USD',
    category: { slug: 'desks', name: 'Desks' },
    stock: 10 + id,
    imageUrl: `/images/products/product-${id}.svg`,
    ...overrides,
  }
}

export function product(id: number, overrides: Partial<Product> = {}): Product {
  return { ...productSummary(id), description: `About product ${id}.`, archived: false, version: 1, updatedAt: '2026-10-01T00:00:00.000Z', ...overrides }
}

export function productPage(items: ProductSummary[], page = 1, pageSize = 24, total = items.length): ProductPage {
  return { items, page, pageSize, total, totalPages: Math.ceil(total / pageSize) }
}
