/**
 * The last answer for anything thrown outside Start's own error handling (the server entry, these
 * middlewares), which srvx would otherwise answer with an empty 500 and, silent, log nowhere. A
 * request whose URL cannot even be built (a Host header with a port past 65535) is the client's
 * mistake: 400. Anything else is our bug: logged, answered without internals.
 */
export function answerUncaughtError(error: unknown): Response {
  const json = (status: number, code: string, message: string) =>
    new Response(JSON.stringify({ error: { code, message } }), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    })
  if ((error as { code?: string } | undefined)?.code === 'ERR_INVALID_URL') {
    return json(400, 'VALIDATION_ERROR', 'The request’s Host header or path does not make a valid URL')
  }
  console.error('Unhandled server error', error)
  return json(500, 'INTERNAL_ERROR', 'Something went wrong on our side')
}
