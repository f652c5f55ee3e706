import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto'

// scrypt with N=2^15, r=8, p=1 (OWASP's floor); the parameters travel with the hash so they can rise.
const N = 2 ** 15
const KEY_LENGTH = 64
const MAX_MEMORY = 64 * 1024 * 1024

export function hashPassword(password: string) {
  const salt = randomBytes(16)
  const key = scryptSync(password, salt, KEY_LENGTH, { N, r: 8, p: 1, maxmem: MAX_MEMORY })
  return `scrypt$${N}$${salt.toString('base64')}$${key.toString('base64')}`
}

const scryptAsync = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))))

/** Off the event loop (libuv's pool): a sign-in's ~80 ms of scrypt must not stall every other request. */
export async function verifyPassword(password: string, stored: string) {
  const [scheme, cost, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !cost || !salt || !key) return false
  const expected = Buffer.from(key, 'base64')
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(cost), r: 8, p: 1, maxmem: MAX_MEMORY })
  return timingSafeEqual(actual, expected)
}
