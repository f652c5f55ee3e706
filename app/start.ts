import { createCsrfMiddleware, createStart } from '@tanstack/react-start'
import { apiErrorSerializer } from './lib/api-error-serializer'

// Start guards server functions against cross-site calls by default only while this file does
// not exist; with it, the guard must be registered here. (The /api router guards its own writes.)
const serverFunctionCsrf = createCsrfMiddleware({ filter: (context) => context.handlerType === 'serverFn' })

export const startInstance = createStart(() => ({
  requestMiddleware: [serverFunctionCsrf],
  serializationAdapters: [apiErrorSerializer],
}))
