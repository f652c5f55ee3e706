import { useMutation } from '@tanstack/react-query'
import { z } from 'zod/mini'
import { apiSend } from '~/lib/api-client'
import type { ApiError, NetworkError } from '~/lib/api-error'
import { adminKeys } from './admin.queries'
import type { SignInInput } from './admin.schemas'

const noContent = z.null()

// Not optimistic: whether the password is right is the server's to say.
export function useSignInMutation() {
  return useMutation<null, ApiError | NetworkError, SignInInput>({
    mutationKey: adminKeys.signIn(),
    // Offline it fails at once and says so: a sign-in must never wait to be sent unseen.
    networkMode: 'always',
    mutationFn: (input) => apiSend('POST', '/api/admin/session', noContent, { body: input }),
    onSuccess: (_data, _input, _context, { client }) => client.invalidateQueries({ queryKey: adminKeys.session() }),
  })
}

export function useSignOutMutation() {
  return useMutation<null, ApiError | NetworkError, void>({
    mutationKey: adminKeys.signOut(),
    networkMode: 'always',
    mutationFn: () => apiSend('DELETE', '/api/admin/session', noContent),
    // Nothing an admin loaded may outlive the session in this tab.
    onSettled: (_data, _error, _input, _context, { client }) => client.removeQueries({ queryKey: adminKeys.all }),
  })
}
