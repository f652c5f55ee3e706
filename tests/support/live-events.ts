import type { AppDatabase } from '#db/connection'
import { eventBusFor, type LoggedEvent } from '~/live/event-bus'

export type HeardEvent = LoggedEvent & { duringTransaction: boolean }

/**
 * Records every event published to the database's bus from now on, and whether the database was
 * still inside a transaction when it was published (it never may be: events follow the commit).
 */
export function recordLiveEvents(db: AppDatabase) {
  const heard: HeardEvent[] = []
  eventBusFor(db).subscribe(undefined, (event) => heard.push({ ...event, duringTransaction: db.$client.inTransaction }))
  return {
    heard,
    /** What was heard, as type and audience, in order. */
    summary: () => heard.map((event) => `${event.type} → ${event.audience.to}`),
    clear: () => void heard.splice(0),
  }
}
