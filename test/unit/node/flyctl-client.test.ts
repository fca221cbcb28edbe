import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  FlyctlClient,
  FlyctlError,
  isFaunaSecretVariable,
  locateFlyctl,
} from '../../../src/node/flyctl/index';
import {
  deployedByGroup,
  deployedFromScaleShow,
  parseMachinesList,
  parsePlatformRegions,
  parseScaleShow,
  parseStatus,
} from '../../../src/core/flyctl/shapes';
import { runProcess } from '../../../src/node/process';
import {
  createFakeFlyctl,
  fakeState,
  pidAlive,
  rawLog,
  waitFor,
  type FakeFlyctl,
} from '../../fakes/fake-flyctl/index';

describe('node/process runProcess', () => {
  it('passes argv verbatim without a shell', async () => {
    const r = await runProcess(process.execPath, [
      '-e',
      'console.log(JSON.stringify(process.argv.slice(1)))',
      '$HOME',
      'a b',
      '`x`',
      ';rm',
    ]);
    assert.equal(r.exitCode, 0);
    assert.deepEqual(JSON.parse(r.stdout), ['$HOME', 'a b', '`x`', ';rm']);
  });

  it('gives stdin text to the child and closes stdin at once without it', async () => {
    const echo =
      'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.stringify({s,tty:!!process.stdin.isTTY})))';
    const a = await runProcess(process.execPath, ['-e', echo], { stdin: 'hello\n' });
    assert.deepEqual(JSON.parse(a.stdout), { s: 'hello\n', tty: false });
    // Without stdin text the child sees EOF straight away (it would hang otherwise).
    const b = await runProcess(process.execPath, ['-e', echo], { timeoutMs: 10_000 });
    assert.equal(b.timedOut, false);
    assert.deepEqual(JSON.parse(b.stdout), { s: '', tty: false });
  });

  it('splits lines on \\n, \\r\\n and \\r, across chunks', async () => {
    const lines: Array<[string, string]> = [];
    const script =
      'process.stdout.write("a\\r");setTimeout(()=>{process.stdout.write("\\nb\\rc\\n\\nd");process.stderr.write("e1\\r\\ne2")},30)';
    const r = await runProcess(process.execPath, ['-e', script], {
      onLine: (l, s) => lines.push([l, s]),
    });
    assert.equal(r.exitCode, 0);
    assert.deepEqual(
      lines.filter(([, s]) => s === 'stdout').map(([l]) => l),
      ['a', 'b', 'c', '', 'd'],
    );
    assert.deepEqual(
      lines.filter(([, s]) => s === 'stderr').map(([l]) => l),
      ['e1', 'e2'],
    );
  });

  it('survives an onLine callback that throws', async () => {
    const r = await runProcess(process.execPath, ['-e', 'console.log("a");console.log("b")'], {
      onLine: () => {
        throw new Error('callback bug');
      },
    });
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout, 'a\nb\n');
  });

  it('caps collected output and says so', async () => {
    const r = await runProcess(
      process.execPath,
      ['-e', 'process.stdout.write("y".repeat(100000))'],
      {
        maxOutputChars: 1000,
      },
    );
    assert.equal(r.truncated, true);
    assert.equal(r.stdout.length, 1000);
  });

  it('a child that exits without reading a large stdin is no error (EPIPE is ignored)', async () => {
    const r = await runProcess(process.execPath, ['-e', 'process.exit(5)'], {
      stdin: 'x'.repeat(4_000_000),
    });
    assert.equal(r.exitCode, 5);
  });

  it('keeps a bounded stderr tail', async () => {
    const r = await runProcess(
      process.execPath,
      ['-e', 'process.stderr.write("x".repeat(10000)+"END");process.exit(4)'],
      { tailChars: 100 },
    );
    assert.equal(r.exitCode, 4);
    assert.equal(r.stderrTail.length, 100);
    assert.ok(r.stderrTail.endsWith('END'));
  });

  it('kills the child and its process group on timeout, and leaves no process behind', async () => {
    const script = `const c=require('child_process').spawn(process.execPath,['-e','setInterval(()=>{},1e9)'],{stdio:'ignore'});console.log(c.pid);setInterval(()=>{},1e9)`;
    let grandchild = 0;
    const r = await runProcess(process.execPath, ['-e', script], {
      timeoutMs: 1500,
      onLine: (l) => (grandchild = Number(l)),
    });
    assert.equal(r.timedOut, true);
    assert.ok(r.pid && !pidAlive(r.pid), 'child is gone when the promise settles');
    assert.ok(grandchild > 0);
    assert.ok(await waitFor(() => !pidAlive(grandchild), 5000), 'grandchild is gone');
  });
});

describe('node/flyctl FlyctlClient against the fake flyctl', () => {
  let fake: FakeFlyctl;
  afterEach(() => fake?.cleanup());

  const client = (extraEnv: Record<string, string> = {}) =>
    new FlyctlClient({ path: fake.flyctlPath, env: { ...fake.env, ...extraEnv } });

  it('runs read-only calls with --json, the exact argv, NO_COLOR and FLY_NO_UPDATE_CHECK, stdin not a terminal', async () => {
    fake = createFakeFlyctl(fakeState({ groups: { app: { sjc: 1, ord: 2 } } }));
    const machines = (await client().json([
      'machines',
      'list',
      '--json',
      '-a',
      'my-fauna-app',
    ])) as Array<{ region: string }>;
    assert.equal(machines.length, 5); // 3 app machines + release-command + destroyed, raw as flyctl prints
    const calls = fake.calls();
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].argv, ['machines', 'list', '--json', '-a', 'my-fauna-app']);
    assert.equal(calls[0].env.NO_COLOR, '1');
    assert.equal(calls[0].env.FLY_NO_UPDATE_CHECK, '1');
    assert.equal(calls[0].stdinIsTTY, false);
    assert.equal(calls[0].stdinUsed, false);
  });

  it("the fake's JSON parses with the shared parsers; internal and destroyed machines drop out", async () => {
    fake = createFakeFlyctl(fakeState({ groups: { app: { sjc: 1, ord: 2 }, worker: { lhr: 1 } } }));
    const c = client();
    const list = parseMachinesList(
      await c.json(['machines', 'list', '--json', '-a', 'my-fauna-app']),
    );
    assert.ok(list.ok);
    const want = { app: { ord: 2, sjc: 1 }, worker: { lhr: 1 } };
    assert.deepEqual(deployedByGroup(list.value).groups, want);
    assert.deepEqual(deployedByGroup(list.value).skipped, { internal: 1, gone: 1, unmanaged: 0 });
    const status = parseStatus(await c.json(['status', '--json', '-a', 'my-fauna-app']));
    assert.ok(status.ok);
    assert.deepEqual(deployedByGroup(status.value.machines).groups, want);
    const show = parseScaleShow(await c.json(['scale', 'show', '--json', '-a', 'my-fauna-app']));
    assert.ok(show.ok);
    assert.deepEqual(deployedFromScaleShow(show.value).groups, want);
  });

  it('platform regions: current snake_case without deprecated regions, or the legacy PascalCase shape', async () => {
    fake = createFakeFlyctl(fakeState({}));
    const current = (await client().json(['platform', 'regions', '--json'])) as Array<
      Record<string, unknown>
    >;
    assert.equal(current.length, 18);
    assert.ok(
      current.every(
        (r) => typeof r.code === 'string' && r.deprecated === false && 'geo_region' in r,
      ),
    );
    const parsedCurrent = parsePlatformRegions(current);
    assert.ok(parsedCurrent.ok && parsedCurrent.value.length === 18);
    fake.writeState({ ...fake.readState(), regionsShape: 'legacy' });
    const legacy = (await client().json(['platform', 'regions', '--json'])) as Array<
      Record<string, unknown>
    >;
    assert.equal(legacy.length, 35);
    assert.deepEqual(Object.keys(legacy[0]), [
      'Code',
      'Name',
      'Latitude',
      'Longitude',
      'GatewayAvailable',
      'RequiresPaidPlan',
    ]);
    const parsedLegacy = parsePlatformRegions(legacy);
    assert.ok(parsedLegacy.ok && parsedLegacy.value.length === 35);
  });

  it('scale count follows flyctl: N is the total over the listed regions, removal starts at the second region', async () => {
    fake = createFakeFlyctl(fakeState({ groups: { app: { sjc: 1 } } }));
    const c = client();
    const counts = async () => {
      const l = parseMachinesList(
        await c.json(['machines', 'list', '--json', '-a', 'my-fauna-app']),
      );
      assert.ok(l.ok);
      return deployedByGroup(l.value).groups.app ?? {};
    };
    assert.equal(
      (await c.run(['scale', 'count', '3', '--region', 'lhr,fra', '-a', 'my-fauna-app', '-y']))
        .exitCode,
      0,
    );
    assert.deepEqual(await counts(), { fra: 1, lhr: 2, sjc: 1 }); // sjc unlisted: untouched
    assert.equal(
      (await c.run(['scale', 'count', '2', '--region', 'lhr,fra', '-a', 'my-fauna-app', '-y']))
        .exitCode,
      0,
    );
    assert.deepEqual(await counts(), { lhr: 2, sjc: 1 }); // fra (second listed) reduced first
    const noYes = await c.run(['scale', 'count', '1', '--region', 'ams', '-a', 'my-fauna-app']);
    assert.equal(noYes.exitCode, 1);
    assert.match(
      noYes.stderr,
      /^Error: --yes flag must be specified when not running interactively$/m,
    );
    const same = await c.run([
      'scale',
      'count',
      '2',
      '--region',
      'lhr',
      '-a',
      'my-fauna-app',
      '-y',
    ]);
    assert.equal(same.stdout, 'App already scaled to desired state. No need for changes\n');
  });

  it('found as `fly` on PATH, it answers under that name (the root command is the basename)', async () => {
    fake = createFakeFlyctl(fakeState({}), { names: ['fly'] });
    const found = await locateFlyctl({ env: fake.env, home: fake.dir });
    assert.equal(found, path.join(fake.binDir, 'fly'));
    const v = (await new FlyctlClient({ path: found, env: fake.env }).json([
      'version',
      '--json',
    ])) as { Name: string };
    assert.equal(v.Name, 'fly');
  });

  it('asks version once and caches it', async () => {
    fake = createFakeFlyctl(fakeState({}));
    const c = client();
    assert.deepEqual(await c.version(), { version: '0.4.87' });
    assert.deepEqual(await c.version(), { version: '0.4.87' });
    assert.equal(fake.calls().length, 1);
    assert.deepEqual(fake.calls()[0].argv, ['version', '--json']);
  });

  const kinds: Array<{
    name: string;
    env?: Record<string, string>;
    state?: Parameters<typeof fakeState>[0];
    args: string[];
    kind: string;
    message: RegExp;
    next: RegExp;
    exitCode: number | null;
  }> = [
    {
      name: 'not logged in',
      env: { FAKE_FLYCTL_FAIL: 'not-logged-in' },
      args: ['machines', 'list', '--json', '-a', 'my-fauna-app'],
      kind: 'not-logged-in',
      message: /^no access token available\. Please login with 'flyctl auth login'$/,
      next: /fly auth login.*FLY_API_TOKEN/,
      exitCode: 1,
    },
    {
      name: 'app not found (Machines API)',
      args: ['machines', 'list', '--json', '-a', 'other-app'],
      kind: 'app-not-found',
      message: /^failed to list VMs: app not found/,
      next: /`app` in fly\.toml or pass --app/,
      exitCode: 1,
    },
    {
      name: 'app not found (GraphQL)',
      args: ['status', '--json', '-a', 'other-app'],
      kind: 'app-not-found',
      message: /^Could not find App "other-app"$/,
      next: /--app/,
      exitCode: 1,
    },
    {
      name: 'no complete releases',
      state: { groups: {}, releases: 0 },
      args: ['scale', 'count', '1', '--region', 'lhr', '-a', 'my-fauna-app', '-y'],
      kind: 'no-releases',
      message: /no complete releases/,
      next: /[Dd]eploy first/,
      exitCode: 1,
    },
    {
      name: 'crash (exit 3)',
      env: { FAKE_FLYCTL_FAIL: 'crash' },
      args: ['status', '--json', '-a', 'my-fauna-app'],
      kind: 'failed',
      message: /crashed \(exit code 3\)/,
      next: /update it/,
      exitCode: 3,
    },
    {
      name: 'non-JSON output',
      env: { FAKE_FLYCTL_FAIL: 'non-json' },
      args: ['status', '--json', '-a', 'my-fauna-app'],
      kind: 'bad-output',
      message: /not what was expected: it printed 'App'/,
      next: /fly version upgrade/,
      exitCode: 0,
    },
  ];
  for (const k of kinds) {
    it(`classifies ${k.name}`, async () => {
      fake = createFakeFlyctl(fakeState(k.state ?? { groups: { app: { lhr: 1 } } }));
      const err = await client(k.env)
        .json(k.args)
        .then(
          () => assert.fail('expected a FlyctlError'),
          (e: unknown) => e,
        );
      assert.ok(err instanceof FlyctlError, String(err));
      assert.equal(err.kind, k.kind);
      assert.match(err.message, k.message);
      assert.match(err.nextStep, k.next);
      assert.equal(err.exitCode, k.exitCode);
      assert.deepEqual(err.argv, k.args);
      assert.ok(!err.message.includes('\u001b'));
    });
  }

  it('reports a missing binary as not-installed with the way out', async () => {
    const c = new FlyctlClient({
      path: path.join(os.tmpdir(), 'no-such-dir-ff', 'flyctl'),
      env: {},
    });
    const err = await c.json(['version', '--json']).catch((e: unknown) => e);
    assert.ok(err instanceof FlyctlError);
    assert.equal(err.kind, 'not-installed');
    assert.match(err.nextStep, /flyFauna\.flyctlPath.*--flyctl/);
    assert.equal(await c.version(), null);
  });

  it('reports a file without the execute bit as not-executable', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-noexec-'));
    const p = path.join(dir, 'flyctl');
    fs.writeFileSync(p, '#!/bin/sh\necho hi\n', { mode: 0o644 });
    try {
      const err = await new FlyctlClient({ path: p, env: {} })
        .json(['version', '--json'])
        .catch((e: unknown) => e);
      assert.ok(err instanceof FlyctlError);
      assert.equal(err.kind, 'not-executable');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('times out a hanging read-only call and leaves no process (nor grandchild) behind', async () => {
    fake = createFakeFlyctl(fakeState({}));
    const err = await client({ FAKE_FLYCTL_FAIL: 'hang', FAKE_FLYCTL_HANG_CHILD: '1' })
      .json(['status', '--json', '-a', 'my-fauna-app'], { timeoutMs: 1500 })
      .catch((e: unknown) => e);
    assert.ok(err instanceof FlyctlError);
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /did not finish within 1\.5 s/);
    const log = rawLog(fake);
    const pids = log
      .flatMap((l) => [l.pid, l.grandchildPid])
      .filter((p): p is number => typeof p === 'number');
    assert.ok(pids.length >= 2, JSON.stringify(log));
    assert.ok(
      await waitFor(() => pids.every((p) => !pidAlive(p)), 5000),
      `still alive: ${pids.filter(pidAlive).join(',')}`,
    );
  });

  it('cancels on abort at once: kind cancelled, no process left', async () => {
    fake = createFakeFlyctl(fakeState({}));
    const ac = new AbortController();
    const p = client({ FAKE_FLYCTL_FAIL: 'hang', FAKE_FLYCTL_HANG_CHILD: '1' }).run(
      ['deploy', '-c', 'fly.toml'],
      { signal: ac.signal },
    );
    assert.ok(
      await waitFor(() => rawLog(fake).some((l) => typeof l.grandchildPid === 'number'), 10_000),
      'fake started',
    );
    ac.abort();
    const err = await p.catch((e: unknown) => e);
    assert.ok(err instanceof FlyctlError);
    assert.equal(err.kind, 'cancelled');
    const pids = rawLog(fake)
      .flatMap((l) => [l.pid, l.grandchildPid])
      .filter((x): x is number => typeof x === 'number');
    assert.ok(
      await waitFor(() => pids.every((x) => !pidAlive(x)), 5000),
      `still alive: ${pids.filter(pidAlive).join(',')}`,
    );
  });

  it('run(): streams ANSI-stripped lines and returns a non-zero exit for errorFor to classify', async () => {
    fake = createFakeFlyctl(
      fakeState({ groups: { app: { lhr: 1 } }, extra: { noCapacity: ['fra'] } }),
    );
    const c = client();
    const lines: string[] = [];
    const args = ['scale', 'count', '1', '--region', 'fra', '-a', 'my-fauna-app', '-y'];
    const r = await c.run(args, { onLine: (l) => lines.push(l) });
    assert.equal(r.exitCode, 1);
    assert.ok(
      lines.includes("  +1 machines for group 'app' on region 'fra' of size 'shared-cpu-1x'"),
      lines.join('\n'),
    );
    const err = c.errorFor(args, r);
    assert.equal(err.kind, 'insufficient-capacity');
    assert.match(err.message, /^failed to launch VM: aborted: insufficient resources/);

    const deployLines: string[] = [];
    fs.writeFileSync(path.join(fake.dir, 'fly.toml'), 'app = "my-fauna-app"\n');
    const d = await c.run(['deploy', '-c', path.join(fake.dir, 'fly.toml')], {
      onLine: (l) => deployLines.push(l),
    });
    assert.equal(d.exitCode, 0);
    assert.ok(deployLines.includes('✓ Configuration is valid'), deployLines.join('\n'));
    assert.ok(!d.stdout.includes('\u001b'));
  });

  it('sends stdin text for secrets and never puts it in argv, the environment or the log', async () => {
    fake = createFakeFlyctl(fakeState({ groups: { app: { lhr: 1 } } }));
    const secret = 'fnAFakeSecretValue-123';
    const r = await client({
      FAUNA_SECRET: secret,
      FAUNA_SECRET_KEY: secret,
      FAUNA_ENDPOINT: 'https://db.eu.fauna.com',
    }).run(['secrets', 'set', 'FAUNA_SECRET=-', '-a', 'my-fauna-app'], {
      stdin: secret,
    });
    assert.equal(r.exitCode, 0, r.stderr);
    const [call] = fake.calls();
    assert.equal(call.stdinUsed, true);
    assert.equal(call.stdinBytes, secret.length);
    assert.deepEqual(call.faunaEnvNames, ['FAUNA_ENDPOINT']);
    assert.ok(!fs.readFileSync(fake.logPath, 'utf8').includes(secret));
    assert.ok(!fs.readFileSync(fake.statePath, 'utf8').includes(secret));
    assert.deepEqual(
      fake.readState().secrets?.map((s) => s.name),
      ['FAUNA_SECRET'],
    );
  });
});

describe('node/flyctl isFaunaSecretVariable', () => {
  const table: Array<[string, boolean]> = [
    ['FAUNA_SECRET', true],
    ['FAUNA_SECRET_KEY', true],
    ['FAUNA_KEY', true],
    ['FAUNA_ROOT_KEY', true],
    ['fauna_secret', true],
    ['FAUNA_ENDPOINT', false],
    ['FAUNA_URL', false],
    ['FAUNA_PROFILE', false],
    ['FLY_API_TOKEN', false],
  ];
  for (const [name, want] of table)
    it(`${name} → ${want}`, () => assert.equal(isFaunaSecretVariable(name), want));
});

describe('node/flyctl locateFlyctl', () => {
  const dirs: string[] = [];
  const mk = (...names: string[]) => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-locate-'));
    dirs.push(d);
    for (const n of names) {
      const p = path.join(d, n);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, '#!/bin/sh\n', { mode: 0o755 });
    }
    return d;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('follows the documented order', async () => {
    const a = mk('fly'); // only `fly`
    const b = mk('flyctl');
    const noexec = mk();
    fs.writeFileSync(path.join(noexec, 'flyctl'), '', { mode: 0o644 }); // not executable: skipped
    const install = mk('bin/flyctl');
    const home = mk('.fly/bin/flyctl');
    const empty = mk();
    const PATH = [noexec, a, b].join(path.delimiter);
    const cases: Array<[string, Parameters<typeof locateFlyctl>[0], string | null]> = [
      [
        'explicit path wins',
        { explicit: path.join(empty, 'x/flyctl'), env: { PATH }, home },
        path.join(empty, 'x/flyctl'),
      ],
      [
        'flyctl on PATH before fly earlier on PATH',
        { env: { PATH }, home },
        path.join(b, 'flyctl'),
      ],
      ['fly when no flyctl', { env: { PATH: a }, home }, path.join(a, 'fly')],
      [
        '$FLYCTL_INSTALL/bin/flyctl',
        { env: { PATH: empty, FLYCTL_INSTALL: install }, home },
        path.join(install, 'bin/flyctl'),
      ],
      ['~/.fly/bin/flyctl', { env: { PATH: empty }, home }, path.join(home, '.fly/bin/flyctl')],
      ['nothing', { env: { PATH: empty }, home: empty }, null],
      [
        'explicit bare name is looked up on PATH',
        { explicit: 'fly', env: { PATH }, home },
        path.join(a, 'fly'),
      ],
    ];
    for (const [name, opts, want] of cases) assert.equal(await locateFlyctl(opts), want, name);
  });
});
