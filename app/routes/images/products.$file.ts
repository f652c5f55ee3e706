import { createFileRoute } from '@tanstack/react-router'
import { findProductBySlug } from '~/features/catalog/catalog.server'
import { renderProductImage } from '~/features/catalog/product-image.server'
import { getDatabase } from '~/http/database'

export const Route = createFileRoute('/images/products/$file')({
  server: {
    handlers: {
      GET: async ({ params }) => {
        const slug = params.file.replace(/\.svg$/, '')
        const product = params.file.endsWith('.svg') ? await findProductBySlug(getDatabase(), slug) : undefined
        if (!product) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } })
        return new Response(renderProductImage(product), {
          headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' },
        })
      },
    },
  },
})
