import { z } from 'zod/mini'

// zod/mini carries no messages of its own (the browser never shows zod's defaults), so the server
// loads English ones: a VALIDATION_ERROR's details read "Too small: expected string to have >=1
// characters", as they always have, not zod's bare fallback "Invalid input".
z.config(z.locales.en())
