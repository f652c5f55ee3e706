import type { Database } from '#db/work'
import { handleApiRequest } from '~/http/api-router'

/** One Server-Sent Events frame: its fields, or the comment a heartbeat sends. */
export type Frame = { id?: number; event?: string; data?: unknown; retry?: number; comment?: string }

function parseFrame(text: string): Frame {
  const frame: Frame = {}
  for (const line of text.split('\n')) {
    const separator = line.indexOf(':')
    const [field, value] = separator < 0 ? [line, ''] : [line.slice(0, separator), line.slice(separator + 1).replace(/^ /, '')]
    if (field === '') frame.comment = value
    else if (field === 'id') frame.id = Number(value)
    else if (field === 'event') frame.event = value
    else if (field === 'data') frame.data = JSON.parse(value) as unknown
    else if (field === 'retry') frame.retry = Number(value)
  }
  return frame
}

type StreamOptions = { cookie?: string; lastEventId?: string; since?: string; ip?: string; signal?: AbortSignal }

/** Opens GET /api/events through the API's one handler, as EventSource would, and reads it frame by frame. */
export async function openEventStream(db: Database, { cookie, lastEventId, since, ip = '203.0.113.7', signal }: StreamOptions = {}) {
  const headers: Record<string, string> = { accept: 'text/event-stream' }
  if (cookie) headers.cookie = cookie
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId
  const request = new Request(`http://localhost:3000/api/events${since === undefined ? '' : `?since=${since}`}`, { headers, signal })
  Object.defineProperty(request, 'ip', { value: ip })
  const response = await handleApiRequest(request, { db })
  // Only a stream is read frame by frame: an error answer keeps its body for `response.json()`.
  const reader = response.headers.get('content-type')?.startsWith('text/event-stream') ? response.body?.getReader() : undefined
  const decoder = new TextDecoder()
  let buffer = ''
  return {
    response,
    /** The next whole frame; undefined once the server has ended the stream. */
    async next(): Promise<Frame | undefined> {
      for (;;) {
        const end = buffer.indexOf('\n\n')
        if (end >= 0) {
          const text = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          return parseFrame(text)
        }
        const chunk = await reader?.read()
        if (!chunk || chunk.done) return undefined
        buffer += decoder.decode(chunk.value, { stream: true })
      }
    },
    /** The next frame that is an event (heartbeats skipped). */
    async nextEvent(): Promise<Frame | undefined> {
      for (;;) {
        const frame = await this.next()
        if (!frame || frame.event) return frame
      }
    },
    /** Hangs up, as a closed tab does. */
    cancel: () => reader?.cancel(),
  }
}
