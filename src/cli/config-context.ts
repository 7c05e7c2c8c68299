/** The config files and profile a command reads, from its `--config`/`--profile` flags; their warnings on stderr. */
import { loadConfigContext, type ConfigContext } from '../config/context.js';
import type { Io } from './io.js';

/** Loads the configuration the way every command does, and prints its warnings (readable secrets) on stderr. */
export async function loadCommandConfig(flags: { config?: string | undefined; profile?: string | undefined }, io: Io): Promise<ConfigContext> {
  const context = await loadConfigContext({
    cwd: io.cwd,
    home: io.home,
    env: io.env,
    configPath: flags.config,
    profileFlag: flags.profile,
  });
  for (const warning of context.warnings) io.stderr.write(`${warning}\n`);
  return context;
}
