import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { server } from '../../tests/support/msw'
import { apiGet, parseRetryAfter } from './api-client'
import { ApiError, NetworkError } from './api-error'

const okSchema = z.object({ ok: z.literal(true) })

describe('apiGet', () => {
  it('answers the validated body', async () => {
    server.use(http.get('*/api/health', () => HttpResponse.json({ ok: true })))
    await expect(apiGet('/api/health', okSchema)).resolves.toEqual({ ok: true })
  })

  it('throws the API error with its status, code, message and Retry-After', async () => {
    server.use(
      http.get('*/api/health', () =>
        HttpResponse.json({ error: { code: 'RATE_LIMITED', message: 'Too many requests' } }, { status: 429, headers: { 'retry-after': '2' } }),
      ),
    )
    const error = await apiGet('/api/health', okSchema).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED', message: 'Too many requests', retryAfterMs: 2_000 })
  })

  it('names an error answer without the API body by its status', async () => {
    server.use(http.get('*/api/health', () => new HttpResponse(null, { status: 413, statusText: 'Payload Too Large' })))
    await expect(apiGet('/api/health', okSchema)).rejects.toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' })
  })

  it('throws NetworkError when the server cannot be reached', async () => {
    server.use(http.get('*/api/health', () => HttpResponse.error()))
    await expect(apiGet('/api/health', okSchema)).rejects.toBeInstanceOf(NetworkError)
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3_000)
    expect(parseRetryAfter('Sun, 22 Nov 2026 00:00:10 GMT', Date.parse('Sun, 22 Nov 2026 00:00:00 GMT'))).toBe(10_000)
    expect(parseRetryAfter(null)).toBeUndefined()
    expect(parseRetryAfter('soon')).toBeUndefined()
  })
})
