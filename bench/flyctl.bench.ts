/**
 * flyctl client costs, against the fake flyctl:
 * 1. FlyctlClient.json over a bare child_process.execFile of the same call (ratio);
 * 2. a full online `fly-fauna check` when every flyctl call takes 200 ms, over one such
 *    call (goal <= 1.3: the check's calls must run concurrently).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import '../src/cli/commands/index';
import { run } from '../src/cli/run';
import { FlyctlClient } from '../src/node/flyctl/index';
import { createFakeFlyctl, fakeState } from '../test/fakes/fake-flyctl/index';
import { memoryIo } from '../test/helpers/io';
import type { BenchModule } from './lib';
import { measurePair, ratio } from './lib';

const APP = 'my-fauna-app';
const listArgs = ['machines', 'list', '--json', '-a', APP];

function execFileJson(file: string, args: string[], env: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env }, (err, stdout) =>
      err ? reject(new Error(err.message)) : resolve(JSON.parse(stdout)),
    );
  });
}

const bench: BenchModule = {
  title: 'flyctl client (fake flyctl)',
  async run() {
    const fake = createFakeFlyctl(fakeState({ groups: { app: { sjc: 1, ord: 1, iad: 1 } } }));
    try {
      const env = { ...fake.env };
      const client = new FlyctlClient({ path: fake.flyctlPath, env });
      const [viaClient, bare] = await measurePair(
        { name: 'FlyctlClient.json(machines list)', fn: () => client.json(listArgs) },
        {
          name: 'execFile + JSON.parse (machines list)',
          fn: () => execFileJson(fake.flyctlPath, listArgs, env),
        },
        { warmup: 2, runs: 15 },
      );

      // Online check: every flyctl call waits 200 ms before answering.
      const project = path.join(fake.dir, 'project');
      fs.mkdirSync(project);
      fs.writeFileSync(
        path.join(project, 'fly.toml'),
        `app = "${APP}"\nprimary_region = "sjc"\n\n[http_service]\n  internal_port = 8080\n`,
      );
      const slowEnv = { ...env, FAKE_FLYCTL_SLOW_MS: '200' };
      const slowClient = new FlyctlClient({ path: fake.flyctlPath, env: slowEnv });
      const before = fake.calls().length;
      let lastCode = await run(
        ['check', project, '--group', 'eu', '--format', 'json'],
        memoryIo({ env: slowEnv, cwd: project }),
      );
      const checkCalls = fake
        .calls()
        .slice(before)
        .map((c) => c.argv.join(' '));
      const [check, oneCall] = await measurePair(
        {
          name: 'fly-fauna check --group eu (online, 200 ms per flyctl call)',
          fn: async () => {
            lastCode = await run(
              ['check', project, '--group', 'eu', '--format', 'json'],
              memoryIo({ env: slowEnv, cwd: project }),
            );
          },
        },
        {
          name: 'one flyctl call taking 200 ms (machines list)',
          fn: () => slowClient.json(listArgs),
        },
        { warmup: 1, runs: 9 },
      );
      return {
        results: [viaClient, bare, check, oneCall],
        ratios: [
          ratio('FlyctlClient.json / bare execFile', viaClient, bare),
          ratio('online check / one 200 ms flyctl call', check, oneCall, 1.3),
        ],
        figures: {
          'check exit code (0: sjc vs EU gives warnings, no error)': String(lastCode),
          'flyctl calls one check makes': checkCalls.join(' | '),
        },
      };
    } finally {
      fake.cleanup();
    }
  },
};

export default bench;
