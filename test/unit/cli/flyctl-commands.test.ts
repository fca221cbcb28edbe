import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import '../../../src/cli/commands/index';
import { run } from '../../../src/cli/run';
import {
  createFakeFlyctl,
  fakeState,
  pidAlive,
  rawLog,
  waitFor,
  type FakeFlyctl,
} from '../../fakes/fake-flyctl/index';
import { memoryIo } from '../../helpers/io';

const APP = 'my-fauna-app';
const listCall = ['machines', 'list', '--json', '-a', APP];
const scaleCall = (n: number, r: string, g?: string) => [
  'scale',
  'count',
  String(n),
  '--region',
  r,
  '-a',
  APP,
  '-y',
  ...(g ? ['--process-group', g] : []),
];

describe('cli plan / scale / deploy / secret push (fake flyctl)', () => {
  let fake: FakeFlyctl;
  let project: string;
  afterEach(() => fake?.cleanup());

  /** A fake app plus a project folder (inside the fake's temp dir) with fly.toml and extra files. */
  function setup(
    state: Parameters<typeof fakeState>[0],
    files: Record<string, string> = {},
    toml = `app = "${APP}"\nprimary_region = "sjc"\n\n[http_service]\n  internal_port = 8080\n`,
  ) {
    fake = createFakeFlyctl(fakeState(state));
    project = path.join(fake.dir, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'fly.toml'), toml);
    for (const [name, text] of Object.entries(files))
      fs.writeFileSync(path.join(project, name), text);
  }
  const io = (env: Record<string, string> = {}, signal?: AbortSignal) =>
    memoryIo({
      env: {
        ...fake.env,
        FLY_FAUNA_POLL_INTERVAL_MS: '100',
        FLY_FAUNA_POLL_TIMEOUT_MS: '5000',
        ...env,
      },
      cwd: project,
      ...(signal ? { signal } : {}),
    });
  const argvs = () => fake.calls().map((c) => c.argv);

  it('plan: a US app and the EU group prints one exact command per region, asks flyctl only for machines', async () => {
    setup({ groups: { app: { sjc: 1, ord: 1 } } });
    const o = io();
    assert.equal(await run(['plan', '--group', 'eu'], o), 0, o.err());
    const f = fake.flyctlPath;
    assert.equal(
      o.out(),
      [scaleCall(1, 'lhr'), scaleCall(1, 'arn'), scaleCall(1, 'fra')]
        .map((c) => `${f} ${c.join(' ')}\n`)
        .join(''),
    );
    assert.match(o.err(), /footprint: EU Region Group \(lhr, arn, fra\)/);
    assert.match(
      o.err(),
      /Kept outside the footprint: app in ord \(1\), app in sjc \(1\)\. Add --remove-extra/,
    );
    assert.match(o.err(), /Note: primary_region is sjc, outside the footprint/);
    assert.deepEqual(argvs(), [listCall]);
  });

  it('plan --format json: { app, footprint, commands } with full argv; group from .env FAUNA_ENDPOINT', async () => {
    setup({ groups: { app: { sjc: 2 } } }, { '.env': 'FAUNA_ENDPOINT=https://db.eu.fauna.com\n' });
    const o = io();
    assert.equal(await run(['plan', '--remove-extra', '--format', 'json'], o), 0, o.err());
    const f = fake.flyctlPath;
    assert.deepEqual(JSON.parse(o.out()), {
      app: APP,
      footprint: ['lhr', 'arn', 'fra'],
      commands: [
        [f, ...scaleCall(1, 'lhr')],
        [f, ...scaleCall(1, 'arn')],
        [f, ...scaleCall(1, 'fra')],
        [f, ...scaleCall(0, 'sjc')],
      ],
    });
  });

  it('plan: custom footprint, per-region, process group', async () => {
    setup(
      { groups: { app: { ams: 1 }, worker: { ams: 1 } } },
      {},
      `app = "${APP}"\n[[services]]\n  processes = ["worker"]\n  internal_port = 1\n`,
    );
    const o = io();
    assert.equal(
      await run(['plan', '--footprint', 'ams,cdg', '--per-region', '2', '--format', 'json'], o),
      0,
      o.err(),
    );
    const f = fake.flyctlPath;
    assert.deepEqual(JSON.parse(o.out()).commands, [
      [f, ...scaleCall(2, 'ams', 'worker')],
      [f, ...scaleCall(2, 'cdg', 'worker')],
    ]);
  });

  it('plan --process-group must name a declared or deployed group', async () => {
    setup({ groups: { app: { sjc: 1 } } });
    const o = io();
    assert.equal(await run(['plan', '--group', 'eu', '--process-group', 'wrker'], o), 2);
    assert.match(o.err(), /'wrker' is neither declared in fly\.toml nor deployed \(groups: app\)/);
  });

  it('scale without --yes shows the plan and runs nothing', async () => {
    setup({ groups: { app: { sjc: 1 } } });
    const o = io();
    assert.equal(await run(['scale', '--group', 'eu'], o), 0);
    assert.match(o.err(), /Nothing was run\. Add --yes/);
    assert.deepEqual(argvs(), [listCall]);
  });

  it('scale --yes --remove-extra runs each command, then polls the eventually consistent list until it matches', async () => {
    setup({ groups: { app: { sjc: 1 } }, extra: { listDelayMs: 600 } });
    const o = io();
    assert.equal(await run(['scale', '--group', 'eu', '--remove-extra', '--yes'], o), 0, o.err());
    const calls = argvs();
    assert.deepEqual(calls.slice(0, 5), [
      listCall,
      scaleCall(1, 'lhr'),
      scaleCall(1, 'arn'),
      scaleCall(1, 'fra'),
      scaleCall(0, 'sjc'),
    ]);
    assert.ok(calls.length > 6, `polled more than once: ${calls.length - 5}`);
    assert.ok(calls.slice(5).every((c) => c.join(' ') === listCall.join(' ')));
    assert.match(o.err(), /lhr │ Executing scale plan/);
    assert.match(o.err(), /Done: my-fauna-app runs on its footprint/);
    const live = fake
      .readState()
      .machines.filter(
        (m) => m.state !== 'destroyed' && m.config.metadata?.fly_process_group === 'app',
      );
    assert.deepEqual(live.map((m) => m.region).sort(), ['arn', 'fra', 'lhr']);
  });

  it('scale says so when machines list does not show the change before the deadline', async () => {
    setup({ groups: { app: { lhr: 1, arn: 1 } }, extra: { listDelayMs: 60_000 } });
    const o = io({ FLY_FAUNA_POLL_TIMEOUT_MS: '400' });
    assert.equal(await run(['scale', '--group', 'eu', '--yes'], o), 1);
    assert.match(
      o.err(),
      /machines list does not show it yet after 0 s: app in fra \(want 1, see 0\)/,
    );
    assert.match(o.err(), /next: run 'fly-fauna check' in a minute/);
    assert.deepEqual(argvs().slice(0, 2), [listCall, scaleCall(1, 'fra')]);
  });

  it('scale stops at the first failure and names the command that failed', async () => {
    setup({ groups: { app: { sjc: 1 } }, extra: { noCapacity: ['arn'] } });
    const o = io();
    assert.equal(await run(['scale', '--group', 'eu', '--yes'], o), 1);
    assert.deepEqual(argvs(), [listCall, scaleCall(1, 'lhr'), scaleCall(1, 'arn')]);
    assert.match(
      o.err(),
      new RegExp(
        `step 2 of 3 failed \\(${fake.flyctlPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} scale count 1 --region arn -a ${APP} -y\\): failed to launch VM`,
      ),
    );
    assert.match(o.err(), /next: That region is out of capacity/);
    assert.match(o.err(), /1 later step\(s\) not run/);
  });

  it('Ctrl+C during scale stops flyctl at once and leaves no process', async () => {
    setup({ groups: { app: { sjc: 1 } } });
    const ac = new AbortController();
    const o = io(
      { FAKE_FLYCTL_FAIL: 'hang', FAKE_FLYCTL_FAIL_ON: 'scale count', FAKE_FLYCTL_HANG_CHILD: '1' },
      ac.signal,
    );
    const done = run(['scale', '--group', 'eu', '--yes'], o);
    assert.ok(
      await waitFor(() => rawLog(fake).some((l) => typeof l.grandchildPid === 'number'), 10_000),
    );
    ac.abort();
    assert.equal(await done, 1);
    assert.match(o.err(), /cancelled while running step 1 of 3/);
    const pids = rawLog(fake)
      .flatMap((l) => [l.pid, l.grandchildPid])
      .filter((x): x is number => typeof x === 'number');
    assert.ok(await waitFor(() => pids.every((x) => !pidAlive(x)), 5000));
  });

  it('a real Ctrl+C (SIGINT to the fly-fauna process) stops flyctl and exits non-zero', async () => {
    setup({ groups: { app: { sjc: 1 } } });
    const repo = path.resolve(__dirname, '../../..');
    // tsx's loader by absolute URL: the child runs in the project folder, outside the repo.
    const tsx = pathToFileURL(path.join(repo, 'node_modules/tsx/dist/loader.mjs')).href;
    const child = spawn(
      process.execPath,
      ['--import', tsx, path.join(repo, 'src/cli/main.ts'), 'scale', '--group', 'eu', '--yes'],
      {
        cwd: project,
        env: {
          ...fake.env,
          FAKE_FLYCTL_FAIL: 'hang',
          FAKE_FLYCTL_FAIL_ON: 'scale count',
          FAKE_FLYCTL_HANG_CHILD: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => resolve(code)),
    );
    assert.ok(
      await waitFor(() => rawLog(fake).some((l) => typeof l.grandchildPid === 'number'), 15_000),
      `fake started; ${err}`,
    );
    child.kill('SIGINT');
    const code = await exited;
    assert.notEqual(code, 0);
    assert.match(err, /cancelled while running step 1 of 3/);
    const pids = rawLog(fake)
      .flatMap((l) => [l.pid, l.grandchildPid])
      .filter((x): x is number => typeof x === 'number');
    assert.ok(await waitFor(() => pids.every((x) => !pidAlive(x)), 5000));
  });

  const failures: Array<
    [string, Parameters<typeof fakeState>[0], Record<string, string>, number, RegExp]
  > = [
    [
      'an app with no machines: deploy first',
      { groups: {} },
      {},
      1,
      /has no machines yet.*deploy first/,
    ],
    [
      'not logged in',
      { groups: { app: { sjc: 1 } } },
      { FAKE_FLYCTL_FAIL: 'not-logged-in' },
      1,
      /no access token available[^\n]*\n {2}next: Run `fly auth login`/,
    ],
    [
      'flyctl missing',
      { groups: { app: { sjc: 1 } } },
      { PATH: '/nonexistent' },
      1,
      /flyctl was not found[^\n]*\n {2}next: Install flyctl/,
    ],
    [
      'no group known',
      { groups: { app: { sjc: 1 } } },
      {},
      2,
      /no Fauna Region Group or footprint is known/,
    ],
  ];
  for (const [name, state, env, code, message] of failures) {
    it(`plan: ${name}`, async () => {
      setup(state);
      const o = io(env);
      const args = name === 'no group known' ? ['plan'] : ['plan', '--group', 'eu'];
      assert.equal(await run(args, o), code, o.err());
      assert.match(o.err(), message);
      assert.equal(o.out(), '');
    });
  }

  it('bad usage exits 2', async () => {
    setup({ groups: { app: { sjc: 1 } } });
    for (const args of [
      ['plan', '--group', 'mars'],
      ['plan', '--group', 'eu', '--per-region', '0'],
      ['plan', '--offline', '--group', 'eu'],
      ['plan', '--footprint', 'lhx'],
      ['plan', 'nowhere'],
      ['secret', 'pull'],
      ['scale', '--group', 'eu', '--format', 'json', '--yes'],
      ['plan', '--format', 'yaml'],
    ]) {
      const o = io();
      assert.equal(await run(args, o), 2, `${args.join(' ')}: ${o.err()}`);
    }
    assert.deepEqual(argvs(), []);
  });

  it('a fly.toml that is not TOML is bad input (exit 2), and nothing runs', async () => {
    setup({ groups: { app: { sjc: 1 } } }, {}, 'app = "my-fauna-app\n[broken\n');
    for (const args of [['plan', '--group', 'eu'], ['deploy'], ['secret', 'push']]) {
      const o = io({ FAUNA_SECRET: 'x-secret-value' });
      assert.equal(await run(args, o), 2, args.join(' '));
      assert.match(o.err(), /not valid TOML/);
    }
    assert.deepEqual(argvs(), []);
  });

  it('deploy runs flyctl deploy -c fly.toml -a APP EXTRA in the project folder, output ANSI-free', async () => {
    setup({ groups: { app: { sjc: 1 } } });
    const o = io();
    assert.equal(await run(['deploy', '--', '--strategy', 'immediate'], o), 0, o.err());
    const [call] = fake.calls();
    assert.deepEqual(call.argv, [
      'deploy',
      '-c',
      path.join(project, 'fly.toml'),
      '-a',
      APP,
      '--strategy',
      'immediate',
    ]);
    assert.equal(fs.realpathSync(call.cwd), fs.realpathSync(project));
    assert.match(o.out(), /^✓ Configuration is valid$/m);
    assert.ok(!o.out().includes('\u001b') && !o.err().includes('\u001b'));
  });

  it('deploy maps a flyctl failure to exit 1 with its message', async () => {
    setup({
      groups: { app: { sjc: 1 } },
      extra: {
        deployFail: 'failed to fetch an image or build from source: error building: exit status 1',
      },
    });
    const o = io();
    assert.equal(await run(['deploy'], o), 1);
    assert.match(o.err(), /flyctl deploy failed: failed to fetch an image or build from source/);
  });

  const secretValue = 'fnAFAKE_secret_value_0123456789';
  for (const [name, env, files, source] of [
    [
      'FAUNA_SECRET from the environment',
      { FAUNA_SECRET: secretValue },
      {},
      /FAUNA_SECRET in the environment/,
    ],
    [
      'FAUNA_SECRET_KEY from .env',
      {},
      { '.env': `FAUNA_SECRET_KEY=${secretValue}\n` },
      /FAUNA_SECRET_KEY in \.env/,
    ],
  ] as const) {
    it(`secret push: ${name}, on stdin only`, async () => {
      setup({ groups: { app: { sjc: 1 } } }, files);
      const o = io(env);
      assert.equal(await run(['secret', 'push'], o), 0, o.err());
      const calls = fake.calls();
      assert.equal(calls.length, 1);
      assert.deepEqual(calls[0].argv, ['secrets', 'set', 'FAUNA_SECRET=-', '-a', APP]);
      assert.equal(calls[0].stdinUsed, true);
      assert.equal(calls[0].stdinBytes, secretValue.length);
      // Not in flyctl's environment either (the user's FAUNA_SECRET is left out).
      assert.deepEqual(calls[0].faunaEnvNames, []);
      assert.match(o.err(), source);
      for (const text of [
        o.out(),
        o.err(),
        fs.readFileSync(fake.logPath, 'utf8'),
        fs.readFileSync(fake.statePath, 'utf8'),
      ]) {
        assert.ok(!text.includes(secretValue));
      }
      assert.deepEqual(
        fake.readState().secrets?.map((s) => s.name),
        ['FAUNA_SECRET'],
      );
    });
  }

  it('secret push when flyctl fails: exit 1, the reason, and still no secret anywhere', async () => {
    setup({ groups: { app: { sjc: 1 } } });
    const o = io({ FAUNA_SECRET: secretValue, FAKE_FLYCTL_FAIL: 'not-logged-in' });
    assert.equal(await run(['secret', 'push'], o), 1);
    assert.match(o.err(), /flyctl secrets set failed: no access token available/);
    assert.ok(!o.err().includes(secretValue) && !o.out().includes(secretValue));
    assert.ok(!fs.readFileSync(fake.logPath, 'utf8').includes(secretValue));
  });

  it('deploy: Ctrl+C stops flyctl deploy and exits 1', async () => {
    setup({ groups: { app: { sjc: 1 } } });
    const ac = new AbortController();
    const o = io({ FAKE_FLYCTL_FAIL: 'hang', FAKE_FLYCTL_HANG_CHILD: '1' }, ac.signal);
    const done = run(['deploy'], o);
    assert.ok(
      await waitFor(() => rawLog(fake).some((l) => typeof l.grandchildPid === 'number'), 10_000),
    );
    ac.abort();
    assert.equal(await done, 1);
    assert.match(o.err(), /flyctl deploy was cancelled/);
    const pids = rawLog(fake)
      .flatMap((l) => [l.pid, l.grandchildPid])
      .filter((x): x is number => typeof x === 'number');
    assert.ok(await waitFor(() => pids.every((x) => !pidAlive(x)), 5000));
  });

  it('the whole story: no machines → deploy first → deploy → plan → scale → matched', async () => {
    setup(
      { groups: {} },
      { 'fauna.config.yaml': 'default:\n  database: eu/shop\n' },
      `app = "${APP}"\nprimary_region = "lhr"\n\n[http_service]\n  internal_port = 8080\n`,
    );
    const first = io();
    assert.equal(await run(['plan'], first), 1);
    assert.match(first.err(), /has no machines yet.*deploy first/);
    assert.equal(await run(['deploy'], io()), 0);
    // flyctl's first deploy: two machines per group in primary_region (--ha).
    const plan = io();
    assert.equal(await run(['plan', '--format', 'json'], plan), 0, plan.err());
    const f = fake.flyctlPath;
    assert.deepEqual(JSON.parse(plan.out()).commands, [
      [f, ...scaleCall(1, 'arn')],
      [f, ...scaleCall(1, 'fra')],
    ]);
    const s = io();
    assert.equal(await run(['scale', '--yes'], s), 0, s.err());
    assert.match(s.err(), /app: arn 1, fra 1, lhr 2/);
  });

  it('secret push refuses a value over the 64 KiB flyctl stdin limit, without showing it', async () => {
    setup({ groups: { app: { sjc: 1 } } });
    const big = 'k'.repeat(70 * 1024);
    const o = io({ FAUNA_SECRET: big });
    assert.equal(await run(['secret', 'push'], o), 2);
    assert.match(o.err(), /larger than the 64 KiB/);
    assert.ok(!o.err().includes(big.slice(0, 100)));
    assert.deepEqual(argvs(), []);
  });

  it('secret push without a secret exits 2 and runs nothing', async () => {
    setup({ groups: { app: { sjc: 1 } } });
    const o = io();
    assert.equal(await run(['secret', 'push'], o), 2);
    assert.match(o.err(), /no Fauna secret found/);
    assert.deepEqual(argvs(), []);
  });
});
