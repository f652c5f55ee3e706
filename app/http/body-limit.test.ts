import { describe, expect, it } from 'vitest'
import { limitBody, MAX_BODY_BYTES, refuseDeclaredOversize } from './body-limit'

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

  it('refuses a declared length over the limit without reading the body', () => {
    const request = post('x', { 'content-length': String(MAX_BODY_BYTES + 1) })
    expect(() => refuseDeclaredOversize(request)).toThrow(expect.objectContaining({ status: 413 }))
    expect(request.bodyUsed).toBe(false)
    expect(() => refuseDeclaredOversize(post('x', { 'content-length': String(MAX_BODY_BYTES) }))).not.toThrow()
  })

  it('refuses a body over the limit sent without a Content-Length, reading no more than the limit', async () => {
    let sent = 0
    const chunk = new Uint8Array(64 * 1024)
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 4 * MAX_BODY_BYTES) return controller.close()
        sent += chunk.byteLength
        controller.enqueue(chunk)
      },
    })
    await expect(limitBody(post(body))).rejects.toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' })
    expect(sent).toBeLessThan(2 * MAX_BODY_BYTES)
  })

  it('answers 400, not a server error, when the body stream breaks off', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(10))
        controller.error(new Error('aborted'))
      },
    })
    await expect(limitBody(post(body))).rejects.toMatchObject({ status: 400, code: 'VALIDATION_ERROR' })
  })

  it('leaves a request without a body alone', async () => {
    const request = new Request('http://localhost/api/products')
    expect(await limitBody(request)).toBe(request)
  })
})
