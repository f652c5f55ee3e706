import http from 'node:http'
import { once } from 'node:events'
import net from 'node:net'

/**
 * A POST whose body is sent in two parts. It resolves once the server has taken the request in
 * (it answered the headers' `Expect: 100-continue`) and holds part of the body: the request stays
 * in flight on the server until `finish()` sends the rest.
 */
export async function holdRequest(baseUrl: string, path: string, body: string, headers: Record<string, string> = {}) {
  const request = http.request(new URL(path, baseUrl), {
    method: 'POST',
    agent: false,
    headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
  })
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.once('error', reject)
    request.once('response', (incoming) => {
      let text = ''
      incoming.setEncoding('utf8')
      incoming.on('data', (chunk: string) => (text += chunk))
      incoming.once('end', () => resolve({ status: incoming.statusCode ?? 0, body: text }))
      incoming.once('error', reject)
    })
  })
  // Observed by whoever awaits it; a request cut off before then must not be an unhandled rejection.
  response.catch(() => {})
  request.flushHeaders()
  await once(request, 'continue')
  request.write(body.slice(0, 5))
  return { response, finish: () => request.end(body.slice(5)) }
}

/** How a new TCP connection to the port ends: 'connected' or the error code (ECONNREFUSED). */
export function tryToConnect(port: number) {
  return new Promise<string>((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
  })
}
