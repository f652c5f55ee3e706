/**
 * A minimal Web Locks API for jsdom (exclusive locks, `request` with an optional `signal`, and `query`), so tests can play
 * several tabs of one browser: each tab's outbox holds a lock while it lives.
 */
export function installWebLocks() {
  const held = new Map<string, Promise<unknown>>()
  const locks = {
    async request<T>(name: string, ...args: [() => Promise<T> | T] | [{ signal?: AbortSignal }, () => Promise<T> | T]): Promise<T> {
      const [options, callback] = args.length === 1 ? [{}, args[0]] : args
      while (held.has(name)) {
        await held.get(name)?.catch(() => undefined)
        if (options.signal?.aborted) throw options.signal.reason
      }
      const running = Promise.resolve().then(callback)
      held.set(name, running)
      try {
        return await running
      } finally {
        held.delete(name)
      }
    },
    async query() {
      return { held: [...held.keys()].map((name) => ({ name, mode: 'exclusive' as const })), pending: [] }
    },
  }
  Object.defineProperty(navigator, 'locks', { value: locks, configurable: true })
  return () => {
    Reflect.deleteProperty(navigator, 'locks')
  }
}
