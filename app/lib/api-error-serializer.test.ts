import { describe, expect, it } from 'vitest'
import { ApiError } from './api-error'
import { apiErrorSerializer } from './api-error-serializer'

describe('apiErrorSerializer', () => {
  it('brings an ApiError from the server to the browser with its status, code, message and details', () => {
    const error = new ApiError(404, 'NOT_FOUND', 'No product with slug "x"', { slug: 'x' })
    expect(apiErrorSerializer.test(error)).toBe(true)
    const revived = apiErrorSerializer.fromSerializable(apiErrorSerializer.toSerializable(error) as never) as ApiError
    expect(revived).toBeInstanceOf(ApiError)
    expect(revived).toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'No product with slug "x"', details: { slug: 'x' } })
  })

  it('leaves other errors to the router', () => {
    expect(apiErrorSerializer.test(new Error('boom'))).toBe(false)
  })
})
