import tailwindcss from '@tailwindcss/vite'
import { tanstackStart } from '@tanstack/react-start/plugin/vite'
import viteReact from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// Names this build: the browser's persisted query cache is dropped when the build changes, so no
// data shaped for an older build is ever restored into a newer one.
const buildId = process.env.BUILD_ID ?? new Date().toISOString()
// The naive cache policy (app/lib/naive-cache-policy.ts): only `npm run bench -- session` builds
// with it, into a folder of its own; in every other build it is `false` and its code is dropped.
const naiveCachePolicy = process.env.NAIVE_CACHE_POLICY === '1'

export default defineConfig({
  define: { 'import.meta.env.VITE_BUILD_ID': JSON.stringify(buildId), 'import.meta.env.VITE_NAIVE_CACHE_POLICY': JSON.stringify(naiveCachePolicy) },
  resolve: { tsconfigPaths: true },
  // Zod and the module that makes it jitless share one chunk, so the config runs before any other
  // chunk builds a schema (app/lib/zod-without-eval.ts says why; chunk order alone cannot promise it).
  environments: {
    client: {
      build: {
        rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]|[\\/]app[\\/]lib[\\/]zod-without-eval\.ts$/ }] } } },
      },
    },
  },
  server: { port: 3000 },
  plugins: [tailwindcss(), tanstackStart({ srcDirectory: 'app' }), viteReact()],
})
