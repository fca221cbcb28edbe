/**
 * `fly-fauna secret push [PATH] [--flyctl PATH]`: sets the Fauna secret on the Fly app
 * with `flyctl secrets set FAUNA_SECRET=- -a APP`, the value on flyctl's stdin. The value
 * comes from FAUNA_SECRET (or the Fauna Fly starter kit's FAUNA_SECRET_KEY) in the
 * environment, then the project's .env; it never appears in argv, output or errors.
 */
import { secretsSetFromStdinArgs, shellQuote } from '../../core/flyctl/argv';
import { FlyctlError } from '../../node/flyctl/index';
import { parse, str } from '../args';
import type { Command } from '../io';
import { UsageError } from '../io';
import { flyctlOrExit, loadFlyProject, projectSettings, reportFlyctlError } from './flyctl-common';

/** The name the secret gets on Fly (what the Fauna drivers read). */
const FLY_SECRET_NAME = 'FAUNA_SECRET';

/** Replaces every occurrence of `secret` in `text`: a last guard on what we print. */
function redact(text: string, secret: string): string {
  return secret.length >= 4 ? text.split(secret).join('••••') : text;
}

const secret: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub !== 'push') {
    throw new UsageError(
      sub === undefined
        ? "missing subcommand: use 'secret push [PATH]'"
        : `unknown subcommand '${sub}': use 'secret push [PATH]'`,
    );
  }
  const p = parse(rest, { flyctl: { type: 'string' }, app: { type: 'string' } }, 1);
  const project = await loadFlyProject(p.positionals[0], io, str(p, 'app'));
  const app = project.app;
  if (!app) throw new UsageError(`${project.file} has no 'app' and no --app was given`);
  // Only the environment and .env count here: a secret in a fauna.config profile is a
  // plain file the developer should not be nudged to keep.
  const settings = projectSettings(project, io, {});
  const found =
    settings.secret && !/profile/i.test(settings.secret.source) ? settings.secret : null;
  if (!found || found.value.trim() === '') {
    io.stderr.write(
      "fly-fauna secret: no Fauna secret found: set FAUNA_SECRET (or FAUNA_SECRET_KEY) in the environment or in the project's .env\n",
    );
    return 2;
  }
  const value = found.value.trim();
  // flyctl reads at most 64 KiB from stdin for one secret (research fly.md §3.8).
  if (Buffer.byteLength(value) > 64 * 1024) {
    io.stderr.write(
      `fly-fauna secret: the Fauna secret from ${found.source} is larger than the 64 KiB flyctl reads from stdin; is it the right value?\n`,
    );
    return 2;
  }
  const client = await flyctlOrExit(str(p, 'flyctl'), io, 'secret');
  if (typeof client === 'number') return client;
  const args = secretsSetFromStdinArgs({ name: FLY_SECRET_NAME, app });
  io.stderr.write(
    `Setting ${FLY_SECRET_NAME} on ${app} from ${found.source} (value sent on stdin): ${shellQuote([client.path, ...args])}\n`,
  );
  try {
    const r = await client.run(args, {
      cwd: project.dir,
      stdin: value,
      ...(io.signal ? { signal: io.signal } : {}),
      onLine: (line) => io.stderr.write(`  ${redact(line, value)}\n`),
    });
    if (r.exitCode !== 0) {
      const err = client.errorFor(args, {
        ...r,
        stdout: redact(r.stdout, value),
        stderr: redact(r.stderr, value),
      });
      return reportFlyctlError(io, 'secret', err, 'flyctl secrets set failed');
    }
  } catch (err) {
    if (err instanceof FlyctlError) return reportFlyctlError(io, 'secret', err);
    throw err;
  }
  io.stderr.write(
    `${FLY_SECRET_NAME} is set on ${app}; Fly restarts its machines to pick it up.\n`,
  );
  return 0;
};

export default secret;
