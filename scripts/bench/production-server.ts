import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Starts the production build (scripts/serve.ts, as `npm run serve` does) for a benchmark, on
 * 127.0.0.1 with React's production build; `env` adds settings and `nodeOptions` flags for Node.
 */
export function startBenchServer({ port, databasePath, env = {}, nodeOptions = [] }: { port: number; databasePath: string; env?: Record<string, string>; nodeOptions?: string[] }) {
  return spawn(process.execPath, [...nodeOptions, '--import', 'tsx', 'scripts/serve.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: databasePath, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}
