import { chromium, type Page, type Request } from '@playwright/test'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Headless, and kept off a network it cannot reach (as the e2e tests launch it). */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** Debian's Chromium, as every bench that drives a browser launches it. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS })
}

/** The live event stream: one long response, counted apart from the requests a cache policy makes. */
export const EVENT_STREAM = 'GET /api/events'

/** An /api request's endpoint: its method and path, with ids and slugs as placeholders. */
export function endpointOf(method: string, pathname: string) {
  const path = pathname
    .replace(/^\/api\/products\/[^/]+$/, '/api/products/:slug')
    .replace(/^\/api\/cart\/lines\/[^/]+$/, '/api/cart/lines/:productId')
    .replace(/^\/api\/orders\/[^/]+$/, '/api/orders/:id')
  return `${method} ${path}`
}

export type EndpointTraffic = { requests: number; bytes: number }

/**
 * Counts the page's /api requests by endpoint, and the bytes of their responses as they crossed
 * the wire (headers and body as sent, compressed where the server compressed). A request the page
 * aborted counts, with the bytes that arrived (usually none). The event stream is counted by its
 * connections only: its response lasts as long as the page.
 */
export function recordApiTraffic(page: Page) {
  const byEndpoint = new Map<string, EndpointTraffic>()
  /** Every request in order, with its query string, and the step `mark` last named. */
  const log: string[] = []
  let step = ''
  const sizing: Array<Promise<void>> = []
  let inFlight = 0
  let lastChange = Date.now()
  const entryOf = (request: Request) => {
    const endpoint = endpointOf(request.method(), new URL(request.url()).pathname)
    let entry = byEndpoint.get(endpoint)
    if (!entry) byEndpoint.set(endpoint, (entry = { requests: 0, bytes: 0 }))
    return { endpoint, entry }
  }
  const isApi = (request: Request) => new URL(request.url()).pathname.startsWith('/api/')
  page.on('request', (request) => {
    if (!isApi(request)) return
    const { endpoint, entry } = entryOf(request)
    entry.requests += 1
    const url = new URL(request.url())
    log.push(`${step.padEnd(24)} ${request.method()} ${url.pathname}${url.search}`)
    if (endpoint === EVENT_STREAM) return
    inFlight += 1
    lastChange = Date.now()
  })
  const ended = (request: Request) => {
    if (!isApi(request)) return
    const { endpoint, entry } = entryOf(request)
    if (endpoint === EVENT_STREAM) return
    inFlight -= 1
    lastChange = Date.now()
    sizing.push(
      request.sizes().then(
        (sizes) => void (entry.bytes += sizes.responseHeadersSize + sizes.responseBodySize),
        () => undefined,
      ),
    )
  }
  page.on('requestfinished', ended)
  page.on('requestfailed', ended)
  return {
    log,
    /** Names the step the requests from now on belong to (for the log). */
    mark: (name: string) => void (step = name),
    /** Resolves once no /api request (the stream aside) has been on its way for `quietMs` of real time. */
    async idle(quietMs = 300) {
      while (inFlight > 0 || Date.now() - lastChange < quietMs) await new Promise((resolve) => setTimeout(resolve, 25))
    },
    /** The counts so far, every response's size included. */
    async totals() {
      await Promise.all(sizing)
      return new Map([...byEndpoint].sort(([a], [b]) => a.localeCompare(b)))
    },
  }
}
