import { describe, expect, it } from 'vitest'
import { limitBody, MAX_BODY_BYTES } from './body-limit'

function streamOf(...parts: string[]) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part))
      controller.close()
    },
  })
}

const post = (body: BodyInit, headers: HeadersInit = {}) =>
  new Request('http://localhost/api/cart/lines', { method: 'POST', body, headers, duplex: 'half' } as RequestInit)

describe('limitBody', () => {
  it('hands on every byte of a small body sent without a Content-Length', async () => {
    const limited = await limitBody(post(streamOf('{"productId":', '12,"quantity":2}'), { 'content-type': 'application/json' }))
    expect(await limited.text()).toBe('{"productId":12,"quantity":2}')
    expect(limited.headers.get('content-type')).toBe('application/json')
  })

  it('refuses a declared length over the limit without reading the body', async () => {
    await expect(limitBody(post('x', { 'content-length': String(MAX_BODY_BYTES + 1) }))).rejects.toMatchObject({ status: 413 })
  })

  it('leaves a request without a body alone', async () => {
    const request = new Request('http://localhost/api/products')
    expect(await limitBody(request)).toBe(request)
  })
})
