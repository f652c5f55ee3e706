import { defineConfig } from 'drizzle-kit'

// The PostgreSQL twin's migrations (docs/decisions/0009): `npx drizzle-kit generate --config drizzle.postgres.config.ts`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/postgres/schema.ts',
  out: './db/postgres/migrations',
})
