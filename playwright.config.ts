import { defineConfig, devices } from '@playwright/test'

const PORT = Number(process.env.E2E_PORT ?? 3100)
const DATABASE_PATH = 'data/e2e.db'

// Debian's Chromium, never a downloaded browser; the background-networking flags keep it off a
// network it cannot reach.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
}

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: chromium,
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions: chromium } }],
  webServer: {
    // The production build against a freshly seeded database of its own.
    command: `npm run build && npm run db:seed && npm run serve`,
    // Every simulated shopper shares one address here (the 120-shopper race among them), so the
    // per-address write budgets are raised; tests/server/abuse-limits.test.ts proves the limits.
    env: { PORT: String(PORT), DATABASE_PATH, SEED_PRODUCTS: '2000', CART_WRITES_PER_MINUTE: '100000', CHECKOUTS_PER_MINUTE: '100000' },
    url: `http://localhost:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
  },
})
