import { describeWork } from '../tests/support/work-suite'
import { createPostgresTestDatabase } from '../tests/support/postgres-database'

// Eight connections: the concurrent transactions really run side by side.
describeWork('PostgreSQL', () => createPostgresTestDatabase({ connections: 8 }))
