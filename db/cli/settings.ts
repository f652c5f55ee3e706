import { InvalidSettingsError, serverSettings, type ServerSettings } from '../../app.config.ts'

/** Reads the server settings for a command-line entry point; a bad value ends the process with its name. */
export function settingsOrExit(): ServerSettings {
  try {
    return serverSettings()
  } catch (error) {
    if (!(error instanceof InvalidSettingsError)) throw error
    console.error(error.message)
    process.exit(1)
  }
}
