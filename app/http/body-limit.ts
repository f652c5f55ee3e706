import { ApiError } from '~/lib/api-error'

export const MAX_BODY_BYTES = 1024 * 1024

const tooLarge = () => new ApiError(413, 'PAYLOAD_TOO_LARGE', `Request bodies are limited to ${MAX_BODY_BYTES} bytes`)

/** Refuses a body whose declared Content-Length is over the limit, without reading anything. */
export function refuseDeclaredOversize(request: Request) {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) throw tooLarge()
}

/**
 * Refuses a body sent without a Content-Length (chunked) once it passes the limit; the handler gets
 * a request holding the bytes read. A declared length is `refuseDeclaredOversize`'s to check.
 */
export async function limitBody(request: Request): Promise<Request> {
  if (!request.body || request.headers.get('content-length') !== null) return request
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = request.body.getReader()
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      // The client went away or sent broken chunks: nothing of ours failed.
      throw new ApiError(400, 'VALIDATION_ERROR', 'The request body could not be read')
    })
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
