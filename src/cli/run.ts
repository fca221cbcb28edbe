import type { CliIo, Command } from './io';
import { UsageError } from './io';
import { VERSION } from './version';

/**
 * The command table. Each command lives in its own file under ./commands and is added
 * here by the work that builds it.
 */
const commands: Record<string, { summary: string; run: () => Promise<Command> }> = {};

/** Registers a command; called from ./commands/index.ts. */
export function register(name: string, summary: string, load: () => Promise<Command>): void {
  commands[name] = { summary, run: load };
}

export const USAGE = `Usage: fly-fauna <command> [options]

Commands:
  check  [PATH...] [--group us|eu|global] [--footprint lhr,fra] [--app NAME]
         [--offline] [--flyctl PATH] [--format text|json|sarif|github]
  plan   [PATH] [check's options, one PATH, text|json] [--per-region N] [--remove-extra] [--process-group G]
  scale  [PATH] [same as plan] --yes
  deploy [PATH] [--flyctl PATH] [-- EXTRA FLYCTL ARGS]
  secret push [PATH] [--flyctl PATH]
  query  [FQL | --file F.fql] [--endpoint URL] [--arg NAME=JSON]...
         [--typecheck] [--timeout MS] [--role NAME | --as-doc COLL/ID]
         [--format text|json]
  regions [--group us|eu|global] [--format text|json]

Exit codes: 0 ok, 1 error finding or failed command, 2 bad usage or unreadable input.
`;

/** Runs the CLI in-process and returns the exit code (tests call this directly). */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io[name === undefined ? 'stderr' : 'stdout'].write(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    io.stderr.write(`fly-fauna: unknown command '${name}'. Run 'fly-fauna --help' for usage.\n`);
    return 2;
  }
  try {
    const command = await entry.run();
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`fly-fauna ${name}: ${err.message}\n`);
      return 2;
    }
    const msg = err instanceof Error ? err.message : String(err);
    io.stderr.write(`fly-fauna ${name}: ${msg}\n`);
    return 1;
  }
}
