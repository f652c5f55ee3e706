import http from 'node:http'
import { once } from 'node:events'
import net from 'node:net'

/**
 * A POST whose body is sent in two parts. It resolves once the server has taken the request in
 * (it answered the headers' `Expect: 100-continue`) and holds part of the body: the request stays
 * in flight on the server until `finish()` sends the rest, or `abort()` closes the connection.
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
  return { response, finish: () => request.end(body.slice(5)), abort: () => request.destroy() }
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

/**
 * Sends a request's headers, then its body one byte a second, and resolves when the server closes
 * the connection: how many bytes of the body went out, and what the server answered.
 */
export function dripRequest(port: number, path: string, body: string) {
  return new Promise<{ bytesSent: number; bodyBytes: number; answer: string }>((resolve) => {
    let bytesSent = 0
    let answer = ''
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`)
    })
    const drip = setInterval(() => {
      if (bytesSent < body.length && socket.writable) socket.write(body.charAt(bytesSent++))
    }, 1_000)
    socket.on('data', (chunk) => (answer += chunk.toString()))
    socket.on('error', () => {})
    socket.once('close', () => {
      clearInterval(drip)
      resolve({ bytesSent, bodyBytes: body.length, answer })
    })
  })
}
