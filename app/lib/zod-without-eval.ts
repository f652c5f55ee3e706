import { z } from 'zod/mini'

/**
 * Zod compiles its object parsers with `new Function` where it may, and finds out with a caught
 * `Function('')` when the first z.object() is built. The page's policy allows no eval, so that
 * probe alone is a reported violation on every page; jitless skips both (browser-side parsing is
 * small enough that the compiled parsers buy nothing).
 */
z.config({ jitless: true })
