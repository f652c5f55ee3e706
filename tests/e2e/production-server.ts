import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test as base } from '@playwright/test'

const root = fileURLToPath(new URL('../..', import.meta.url))

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })

/** A port among the nine after E2E_PORT (Playwright's own server takes E2E_PORT itself). */
export async function freePort() {
  const base = Number(process.env.E2E_PORT ?? 3100)
  for (let port = base + 1; port <= base + 9; port += 1) if (await isFree(port)) return port
  throw new Error(`No free port from ${base + 1} to ${base + 9}`)
}


/** Runs one of the project's npm scripts in a process of its own: its exit code and output. */
export async function runNpmScript(script: string, args: string[], env: Record<string, string>) {
  const child = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, output }
}

export type ProductionServer = Awaited<ReturnType<typeof startProductionServer>>

type StartOptions = {
  env?: Record<string, string>
  /** Start it as `npm run serve` does, with npm as the process the signals go to. */
  viaNpm?: boolean
  /** The port to listen on (a restart where the browsers left it); else a free one. */
  port?: number
}

/**
 * Runs scripts/serve.ts (the built app, as `npm run serve` does) in a process of its own on a free
 * port, and resolves once it listens. Its stdout and stderr are collected in one string.
 */
export async function startProductionServer({ databasePath, env = {}, viaNpm = false, port: wanted }: StartOptions & { databasePath: string }) {
  const port = wanted ?? (await freePort())
  const [command, args] = viaNpm ? ['npm', ['run', '--silent', 'serve']] : [process.execPath, ['--import', 'tsx', 'scripts/serve.ts']]
  const child = spawn(command, args, {
    cwd: root,
    // A group of its own: through npm, the server is npm's child, and killing npm alone would leave it running.
    detached: true,
    // Every simulated shopper shares 127.0.0.1, so the per-address write budgets are raised.
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      SEED_PRODUCTS: '20',
      CART_WRITES_PER_MINUTE: '100000',
      CHECKOUTS_PER_MINUTE: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const listeners = new Set<() => void>()
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
    for (const listener of listeners) listener()
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }))

  /**
   * Resolves when the output, from `from` on, matches. Rejects with the whole output when the
   * process ends first or after `patienceMs`, so a failure shows what the server printed instead.
   */
  const waitForOutput = (pattern: RegExp, from = 0, patienceMs = 20_000) =>
    new Promise<string>((resolve, reject) => {
      const giveUp = (why: string) => {
        listeners.delete(check)
        reject(new Error(`${why} before printing ${pattern}:\n${output}`))
      }
      const timer = setTimeout(() => giveUp(`The server ran for ${patienceMs} ms`), patienceMs)
      const check = () => {
        const found = pattern.exec(output.slice(from))
        if (!found) return
        listeners.delete(check)
        clearTimeout(timer)
        resolve(found[0])
      }
      listeners.add(check)
      check()
      void exited.then(() => {
        clearTimeout(timer)
        giveUp('The server exited')
      })
    })

  await waitForOutput(/Cartwheel is serving/).catch((error: unknown) => {
    child.kill('SIGKILL')
    throw error
  })
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    output: () => output,
    waitForOutput,
    exited,
    kill: (signal: NodeJS.Signals) => child.kill(signal),
    /** Kills the process and every process it started (npm's child, when started through npm). */
    killGroup: () => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL')
      } catch {
        // Already gone.
      }
    },
  }
}

/**
 * Tests that run the production server as a process: `production.start()` runs one on this test's
 * own database file (`production.databasePath`, in a temporary directory). Every process started
 * is killed after the test, even one that timed out, and the directory removed.
 */
export const test = base.extend<{
  production: { directory: string; databasePath: string; start: (options?: StartOptions) => Promise<ProductionServer> }
}>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  production: async ({}, provide) => {
    const directory = mkdtempSync(join(tmpdir(), 'cartwheel-ops-'))
    const databasePath = join(directory, 'shop.db')
    const started: ProductionServer[] = []
    await provide({
      directory,
      databasePath,
      start: async (options = {}) => {
        const server = await startProductionServer({ databasePath, ...options })
        started.push(server)
        return server
      },
    })
    for (const server of started) server.killGroup()
    await Promise.all(started.map((server) => server.exited))
    rmSync(directory, { recursive: true, force: true })
  },
})

export { expect } from '@playwright/test'
