import { z } from 'zod/mini'
import { parseQuery, validationError } from '~/http/http'

const eventId = z.pipe(z.string().check(z.regex(/^\d{1,16}$/, 'An event id is a whole number')), z.transform(Number)).check(
  z.refine(Number.isSafeInteger, 'An event id is at most 2^53 − 1'),
)

const querySchema = z.object({ since: z.optional(eventId) })

/**
 * Where a connection resumes: the Last-Event-ID header (EventSource sends it when it reconnects by
 * itself), else `?since=` (a page's first connection, from the cursor it was rendered with), else
 * nowhere: live events from now on.
 */
export function readResumePoint(request: Request, url: URL): number | undefined {
  const header = request.headers.get('last-event-id')
  if (header !== null && header !== '') {
    const parsed = eventId.safeParse(header.trim())
    if (!parsed.success) {
      throw validationError(
        parsed.error.issues.map((issue) => ({ ...issue, path: ['Last-Event-ID'] })),
        'The Last-Event-ID header must be an event id this shop sent',
      )
    }
    return parsed.data
  }
  return parseQuery(url, querySchema).since
}
