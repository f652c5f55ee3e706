// Loaded into a server process with `node --import`, before the server: loads React from the
// project, as the server will (the module cache is shared, so the server gets this very instance),
// and writes into the file REACT_BUILD_LOG which of React's builds ran, one file name per line.
// Only the build that ran is `loaded`: importing a CommonJS package also reads the other build to
// find its exports, without running it.
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const require = createRequire(join(process.cwd(), 'package.json'))
require('react')
const ran = Object.entries(require.cache).flatMap(([file, module]) => (/[/\\]react[/\\]cjs[/\\]/.test(file) && module?.loaded ? [file] : []))
writeFileSync(process.env.REACT_BUILD_LOG, `${ran.join('\n')}\n`)
