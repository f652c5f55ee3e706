import { ApiError } from '~/lib/api-error'

export const MAX_BODY_BYTES = 1024 * 1024

const tooLarge = () => new ApiError(413, 'PAYLOAD_TOO_LARGE', `Request bodies are limited to ${MAX_BODY_BYTES} bytes`)

/**
 * Refuses a body over the limit before any handler reads it. A declared Content-Length is checked
 * as is; a body sent without one (chunked) is read up to the limit, and the handler gets a request
 * holding the bytes read.
 */
export async function limitBody(request: Request): Promise<Request> {
  if (!request.body) return request
  const declared = request.headers.get('content-length')
  if (declared !== null) {
    if (Number(declared) > MAX_BODY_BYTES) throw tooLarge()
    return request
  }
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = request.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_BODY_BYTES) {
      await reader.cancel()
      throw tooLarge()
    }
    chunks.push(value)
  }
  const body = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal })
}
