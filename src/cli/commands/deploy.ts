/**
 * `fly-fauna deploy [PATH] [--flyctl PATH] [-- EXTRA]`: runs `flyctl deploy -c fly.toml
 * [-a app] EXTRA...` in the project folder (flyctl builds from its working directory),
 * with flyctl's output passed through live and ANSI-free. Exit 0 when flyctl succeeds,
 * 1 otherwise.
 */
import { deployArgs, shellQuote } from '../../core/flyctl/argv';
import { FlyctlError } from '../../node/flyctl/index';
import { parse, str } from '../args';
import type { Command } from '../io';
import { flyctlOrExit, loadFlyProject, reportFlyctlError } from './flyctl-common';

const deploy: Command = async (argv, io) => {
  const p = parse(argv, { flyctl: { type: 'string' }, app: { type: 'string' } }, 1);
  const project = await loadFlyProject(p.positionals[0], io, str(p, 'app'));
  const app = project.app ?? undefined;
  const client = await flyctlOrExit(str(p, 'flyctl'), io, 'deploy');
  if (typeof client === 'number') return client;
  const args = deployArgs({
    config: project.file,
    ...(app !== undefined ? { app } : {}),
    extra: p.rest,
  });
  io.stderr.write(`Running: ${shellQuote([client.path, ...args])}\n`);
  try {
    const r = await client.run(args, {
      cwd: project.dir,
      ...(io.signal ? { signal: io.signal } : {}),
      onLine: (line, stream) => (stream === 'stdout' ? io.stdout : io.stderr).write(`${line}\n`),
    });
    if (r.exitCode === 0) return 0;
    return reportFlyctlError(io, 'deploy', client.errorFor(args, r), 'flyctl deploy failed');
  } catch (err) {
    if (err instanceof FlyctlError) return reportFlyctlError(io, 'deploy', err);
    throw err;
  }
};

export default deploy;
