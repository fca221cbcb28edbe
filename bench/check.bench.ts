/**
 * `fly-fauna check` speed, end to end as a process (the built dist/cli.js):
 * - offline on the example project, against `node -e 0` (goal: at most 2.5x): the
 *   CLI's start-up must stay lean;
 * - online with a fake flyctl that takes 200 ms per call, against one such call, as
 *   processes. This is recorded, not held to the 1.3x goal: the goal is about the two
 *   flyctl calls overlapping, which bench/flyctl.bench.ts measures in-process (goal
 *   there). As processes, the CLI's own Node start-up (~60-90 ms) and the fake's (a Node
 *   script, unlike the native flyctl) come on top of the 200 ms and do not overlap on
 *   two cores, so this ratio sits near 1.5-1.9 whatever the check does.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFakeFlyctl, fakeState } from '../test/fakes/fake-flyctl';
import type { BenchModule } from './lib';
import { measurePair, ratio } from './lib';

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
const node = process.execPath;

const bench: BenchModule = {
  title: 'fly-fauna check (process, end to end)',
  async run() {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => {
      // check exits 1 only on an error finding; the example has none, so a throw is a real failure.
      execFileSync(node, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    };

    const [offline, bare] = await measurePair(
      {
        name: 'check examples/demo --offline',
        fn: () => run([cli, 'check', 'examples/demo', '--offline']),
      },
      { name: 'node -e 0', fn: () => run(['-e', '0']) },
      { warmup: 2, runs: 15 },
    );

    const fake = createFakeFlyctl(
      fakeState({ app: 'bench-app', groups: { app: { lhr: 1, sjc: 1 } } }),
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-bench-'));
    try {
      fs.writeFileSync(path.join(dir, 'fly.toml'), 'app = "bench-app"\nprimary_region = "lhr"\n');
      fs.writeFileSync(path.join(dir, 'fauna.config.yaml'), 'default:\n  database: eu/shop\n');
      const env = { ...process.env, ...fake.env, FAKE_FLYCTL_SLOW_MS: '200' };
      const [online, oneCall] = await measurePair(
        {
          name: 'check (online, fake flyctl 200 ms per call)',
          fn: () => run([cli, 'check', dir, '--format', 'json'], env),
        },
        {
          name: 'one fake flyctl call (machines list, 200 ms)',
          fn: () => run([fake.flyctlPath, 'machines', 'list', '--json', '-a', 'bench-app'], env),
        },
        { warmup: 1, runs: 9 },
      );
      // The same project offline: what the online check adds on top is the flyctl part.
      const [offlineHere] = await measurePair(
        {
          name: 'check (same project, --offline)',
          fn: () => run([cli, 'check', dir, '--format', 'json', '--offline'], env),
        },
        { name: 'node -e 0 (again)', fn: () => run(['-e', '0']) },
        { warmup: 1, runs: 9 },
      );
      const flyctlPart = {
        name: 'flyctl part of the online check',
        medianMs: online.medianMs - offlineHere.medianMs,
        runs: online.runs,
      };
      const calls = fake.calls().length;
      return {
        results: [offline, bare, online, oneCall, offlineHere, flyctlPart],
        ratios: [
          ratio('check --offline / node -e 0', offline, bare, 2.5),
          ratio('check online / one flyctl call (processes; goal measured in flyctl.bench.ts)', online, oneCall),
          // 1.0 = the two calls cost one; 2.0 = they ran one after the other.
          ratio('flyctl part of the online check / one flyctl call', flyctlPart, oneCall),
        ],
        notes: [
          'the fake flyctl is a Node script: each call pays a Node start-up (~70 ms here), as does the CLI itself, so an online check costs at least the CLI start-up plus one call',
        ],
        figures: {
          'dist/cli.js size': `${(fs.statSync(cli).size / 1024).toFixed(0)} KiB`,
          'fake flyctl calls made (all runs)': String(calls),
        },
      };
    } finally {
      fake.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
