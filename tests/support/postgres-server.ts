import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A throwaway PostgreSQL server for tests: a new cluster (`initdb`) in a temporary folder, on a
 * free port of 127.0.0.1, with durability turned off (a test's data outlives nothing), stopped and
 * deleted by `stop()`. The binaries are Debian's (`postgresql` package; .ci/run installs it), or
 * those in `POSTGRES_BIN` when set. PostgreSQL refuses to run as root, so as root the cluster
 * belongs to the `postgres` user the package creates.
 */
export type PostgresServer = {
  /** postgres://… of the `postgres` database; `createDatabase` makes others beside it. */
  url: string
  urlOf(database: string): string
  createDatabase(name: string, options?: { template?: string }): string
  stop(): void
}

function binaries() {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))) : []
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0]
  if (!newest) throw new Error(`No PostgreSQL server found under ${root}: install Debian's postgresql package (bash .ci/run does), or set POSTGRES_BIN`)
  return join(root, newest, 'bin')
}

async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port'))))
    })
  })
}

const USER = 'cartwheel'

export async function startPostgres(): Promise<PostgresServer> {
  const bin = binaries()
  const folder = mkdtempSync(join(tmpdir(), 'cartwheel-pg-'))
  const asRoot = process.getuid?.() === 0
  if (asRoot) chownSync(folder, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()))
  const run = (program: string, args: string[]) => {
    const [command, commandArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args]
    const result = spawnSync(command, commandArgs as string[], { encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${program} failed (${result.status}): ${result.stderr || result.stdout}`)
  }
  const data = join(folder, 'data')
  run('initdb', ['-D', data, '-U', USER, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'])
  const port = await freePort()
  const settings = [
    `-p ${port}`,
    `-k ${folder}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ]
  run('pg_ctl', ['-D', data, '-l', join(folder, 'server.log'), '-o', settings.join(' '), '-w', '-t', '60', 'start'])

  const urlOf = (database: string) => `postgres://${USER}@127.0.0.1:${port}/${database}`
  let stopped = false
  return {
    url: urlOf('postgres'),
    urlOf,
    createDatabase(name, { template } = {}) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain database name: ${name}`)
      const sql = `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`
      run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', USER, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql])
      return urlOf(name)
    },
    stop() {
      if (stopped) return
      stopped = true
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(folder, { recursive: true, force: true })
      }
    },
  }
}
