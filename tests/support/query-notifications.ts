import { notifyManager } from '@tanstack/react-query'

/**
 * Resolves once Query has told its observers (and so React) of every cache change made so far:
 * Query tells them in batches on a later task, and this waits in the same queue, behind them.
 * Wrap it in `act` so that the renders they cause are done too.
 */
export const queryObserversNotified = () => new Promise<void>((resolve) => notifyManager.schedule(resolve))
