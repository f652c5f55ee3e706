import { escapeXml } from '~/lib/xml'
import type { Product } from './catalog.schemas'

// One palette per category, so a grid reads by department at a glance.
const palettes: Record<string, readonly [string, string]> = {
  desks: ['#7c4a2d', '#f3e3d3'],
  chairs: ['#2f4858', '#dbe7ee'],
  lighting: ['#b8860b', '#fbf1d3'],
  storage: ['#5b5f97', '#e4e5f4'],
  kitchen: ['#a23b2a', '#f7dfd9'],
  bedding: ['#6d597a', '#efe6f3'],
  rugs: ['#b56576', '#f7e1e6'],
  decor: ['#355070', '#dde6f1'],
  outdoor: ['#3a7d44', '#dff0e1'],
  tableware: ['#8a6f3e', '#f2ead9'],
  bath: ['#1d7874', '#d8efee'],
  office: ['#4a4e69', '#e5e6ee'],
}

function hash(text: string) {
  let value = 2166136261
  for (const char of text) value = Math.imul(value ^ char.charCodeAt(0), 16777619)
  return value >>> 0
}

/** Draws a product's picture: its category colours, a shape picked from its slug, and its initials. */
export function renderProductImage(product: Pick<Product, 'slug' | 'name' | 'category'>) {
  const [ink, paper] = palettes[product.category.slug] ?? ['#444444', '#eeeeee']
  const seed = hash(product.slug)
  const cx = 120 + (seed % 160)
  const cy = 110 + ((seed >>> 8) % 100)
  const radius = 70 + ((seed >>> 16) % 60)
  const rotation = (seed >>> 4) % 90
  const initials = product.name
    .split(/\s+/)
    .slice(-2)
    .map((word) => word[0] ?? '')
    .join('')
    .toUpperCase()
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" role="img" aria-label="${escapeXml(product.name)}">
  <rect width="400" height="300" fill="${paper}"/>
  <circle cx="${cx}" cy="${cy}" r="${radius}" fill="${ink}" opacity="0.18"/>
  <rect x="${400 - cx - 60}" y="${300 - cy - 40}" width="120" height="120" rx="18" fill="${ink}" opacity="0.28" transform="rotate(${rotation} ${400 - cx} ${300 - cy + 20})"/>
  <text x="200" y="172" text-anchor="middle" font-family="Georgia, serif" font-size="72" fill="${ink}">${escapeXml(initials)}</text>
</svg>`
}
