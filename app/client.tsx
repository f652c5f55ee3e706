// Browser only: zod without eval under the page's policy (vite.config.ts runs it before any schema is built).
import './lib/zod-without-eval'
import { StartClient } from '@tanstack/react-start/client'
import { StrictMode, startTransition } from 'react'
import { hydrateRoot } from 'react-dom/client'

// Otherwise Start's default browser entry.
startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <StartClient />
    </StrictMode>,
  )
})
