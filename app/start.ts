import { createCsrfMiddleware, createStart } from '@tanstack/react-start'
import { apiErrorSerializer } from './lib/api-error-serializer'
import { unknownServerFunction } from './http/unknown-server-function'

// Start guards server functions against cross-site calls by default only while this file does
// not exist; with it, the guard must be registered here. (The /api router guards its own writes.)
const serverFunctionCsrf = createCsrfMiddleware({ filter: (context) => context.handlerType === 'serverFn' })

export const startInstance = createStart(() => ({
  // The CSRF guard first: a cross-site call is refused before anything looks up its id.
  requestMiddleware: [serverFunctionCsrf, unknownServerFunction],
  serializationAdapters: [apiErrorSerializer],
}))
