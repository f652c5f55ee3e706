import { prepareDatabase } from '../prepare.ts'
import { settingsOrExit } from './settings.ts'

// `npm run dev` runs this first (the production server does the same itself, see scripts/serve.ts).
console.log(await prepareDatabase(settingsOrExit()))
