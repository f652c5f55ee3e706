import { describe, expect, it } from 'vitest'
import type { Product } from './catalog.schemas'
import { productStructuredData } from './product-structured-data'

const product: Product = {
  id: 7,
  slug: 'oak-desk-7',
  sku: 'DSK-0007',
  name: 'Oak Desk',
  priceCents: 123450,
  currency: 'USD',
  category: { slug: 'desks', name: 'Desks' },
  stock: 3,
  imageUrl: '/images/products/oak-desk-7.svg',
  description: 'A desk of solid oak.',
  archived: false,
  version: 1,
  updatedAt: '2026-01-02T03:04:05.000Z',
}

describe('a product’s structured data', () => {
  it('names the product, its SKU and its offer, with absolute URLs on the public origin', () => {
    expect(productStructuredData(product, 'https://shop.example')).toEqual({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: 'Oak Desk',
      sku: 'DSK-0007',
      description: 'A desk of solid oak.',
      image: 'https://shop.example/images/products/oak-desk-7.svg',
      category: 'Desks',
      url: 'https://shop.example/products/oak-desk-7',
      offers: {
        '@type': 'Offer',
        url: 'https://shop.example/products/oak-desk-7',
        price: '1234.50',
        priceCurrency: 'USD',
        availability: 'https://schema.org/InStock',
      },
    })
  })

  it('says out of stock at 0, and discontinued once archived, whatever the stock', () => {
    expect(productStructuredData({ ...product, stock: 0 }, 'https://shop.example').offers.availability).toBe('https://schema.org/OutOfStock')
    expect(productStructuredData({ ...product, archived: true }, 'https://shop.example').offers.availability).toBe('https://schema.org/Discontinued')
    expect(productStructuredData({ ...product, archived: true, stock: 0 }, 'https://shop.example').offers.availability).toBe('https://schema.org/Discontinued')
  })
})
