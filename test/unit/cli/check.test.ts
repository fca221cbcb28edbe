import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import '../../../src/cli/commands/index';
import { run } from '../../../src/cli/run';
import type { FakeFlyctl } from '../../fakes/fake-flyctl';
import { createFakeFlyctl, fakeState } from '../../fakes/fake-flyctl';
import { memoryIo } from '../../helpers/io';

const repo = path.resolve(__dirname, '../../..');
const r = (line: number, a: number, b: number) => ({
  start: { line, character: a },
  end: { line, character: b },
});

const EXAMPLE_FINDING = {
  code: 'region-outside-group',
  severity: 'warning',
  message: 'primary_region "sjc" is not next to the EU Region Group (lhr, arn, fra); nearest: lhr',
  range: r(5, 17, 22),
};

/** A temp project folder with the given files. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-check-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function check(
  args: string[],
  opts: { env?: Record<string, string | undefined>; cwd?: string } = {},
) {
  const io = memoryIo({ env: opts.env ?? {}, cwd: opts.cwd ?? repo });
  const code = await run(['check', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('cli check: the example project, offline', () => {
  it('--format json prints exactly the contract document', async () => {
    const res = await check(['examples/demo', '--offline', '--format', 'json']);
    assert.equal(res.err, '');
    assert.equal(res.code, 0);
    assert.deepEqual(JSON.parse(res.out), {
      file: 'examples/demo/fly.toml',
      app: 'fly-fauna-demo',
      primaryRegion: 'sjc',
      regionGroup: { id: 'eu', source: "fauna.config.yaml profile 'default' (database eu/shop)" },
      footprint: ['lhr', 'arn', 'fra'],
      deployed: null,
      missingRegions: [],
      extraRegions: [],
      findings: [EXAMPLE_FINDING],
    });
  });
  it('text output: compiler-style lines, a footprint summary, no colour off a terminal', async () => {
    const res = await check(['examples/demo/fly.toml', '--offline']);
    assert.equal(res.code, 0);
    assert.equal(res.err, '');
    const lines = res.out.split('\n');
    assert.ok(
      lines.includes(
        `examples/demo/fly.toml:6:18 warning region-outside-group ${EXAMPLE_FINDING.message}`,
      ),
      res.out,
    );
    assert.ok(
      lines.includes('footprint: EU Region Group (lhr, arn, fra); deployed regions not read'),
      res.out,
    );
    assert.ok(lines.includes('0 errors, 1 warning, 0 info'), res.out);
    assert.ok(!res.out.includes('\u001b['));
  });
  it('text output, whole', async () => {
    const res = await check(['examples/demo', '--offline']);
    assert.equal(
      res.out,
      [
        'fly-fauna check examples/demo/fly.toml',
        '  app            fly-fauna-demo',
        '  primary_region sjc (San Jose, California (US))',
        "  Fauna          EU Region Group, from fauna.config.yaml profile 'default' (database eu/shop)",
        '  footprint      lhr, arn, fra',
        '  deployed       not read (--offline)',
        '',
        `examples/demo/fly.toml:6:18 warning region-outside-group ${EXAMPLE_FINDING.message}`,
        '',
        'footprint: EU Region Group (lhr, arn, fra); deployed regions not read',
        '0 errors, 1 warning, 0 info',
        '',
      ].join('\n'),
    );
  });
  it('a path relative to the working folder, and the folder itself by default', async () => {
    const res = await check(['--offline', '--format', 'json'], {
      cwd: path.join(repo, 'examples/demo'),
    });
    assert.equal(res.code, 0);
    assert.equal(JSON.parse(res.out).file, 'fly.toml');
  });
  it('colour on a terminal, none with NO_COLOR', async () => {
    for (const [env, colored] of [
      [{}, true],
      [{ NO_COLOR: '1' }, false],
    ] as const) {
      const io = memoryIo({ env, cwd: repo });
      (io.stdout as { isTTY?: boolean }).isTTY = true;
      assert.equal(await run(['check', 'examples/demo', '--offline'], io), 0);
      assert.equal(io.out().includes('\u001b['), colored, JSON.stringify(env));
    }
  });
});

describe('cli check: bad input exits 2 with one line on stderr', () => {
  let dir: string;
  before(() => {
    dir = project({ 'empty/.keep': '', 'fly.toml': 'app = "a"\n' });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const table: Array<[string, string[], RegExp]> = [
    ['a missing file', ['nope/fly.toml'], /^fly-fauna check: nope\/fly\.toml does not exist\n$/],
    ['a folder without fly.toml', ['empty'], /^fly-fauna check: no fly\.toml in empty\n$/],
    ['an unknown flag', ['--frobnicate'], /^fly-fauna check: Unknown option '--frobnicate'\n$/],
    [
      'a bad --group',
      ['--group', 'asia'],
      /^fly-fauna check: --group must be us, eu or global \(or us-std, eu-std, classic\), not 'asia'\n$/,
    ],
    [
      'a bad --footprint code',
      ['--footprint', 'lhr,lhx'],
      /^fly-fauna check: --footprint: 'lhx' is not a Fly region; did you mean lax, lhr\?\n$/,
    ],
    [
      'a retired --footprint code',
      ['--footprint', 'atl'],
      /^fly-fauna check: --footprint: 'atl' \(Atlanta, Georgia \(US\)\) is a retired Fly region; use dfw\n$/,
    ],
    [
      'a bad --format',
      ['--format', 'xml'],
      /^fly-fauna check: --format must be text, json, sarif or github, not 'xml'\n$/,
    ],
    [
      'two missing paths: each says so',
      ['a', 'b'],
      /^fly-fauna check: a does not exist\nfly-fauna check: b does not exist\n$/,
    ],
    [
      '--group without a value',
      ['--group'],
      /^fly-fauna check: Option '--group <value>' argument missing\n$/,
    ],
  ];
  for (const [name, args, err] of table) {
    it(name, async () => {
      const res = await check(['--offline', ...args], { cwd: dir });
      assert.equal(res.code, 2);
      assert.match(res.err, err);
      assert.equal(res.out, '');
    });
  }
});

describe('cli check: findings and options', () => {
  const dirs: string[] = [];
  const make = (files: Record<string, string>) => {
    const d = project(files);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('invalid TOML is a toml-syntax error at its line and column, exit 1', async () => {
    const d = make({ 'fly.toml': 'app = "a"\nprimary_region = "lhr\n[env]\n' });
    const res = await check([d, '--offline', '--format', 'json']);
    assert.equal(res.code, 1);
    const doc = JSON.parse(res.out);
    assert.equal(doc.findings[0].code, 'toml-syntax');
    assert.equal(doc.findings[0].severity, 'error');
    assert.equal(doc.findings[0].range.start.line, 1);
    assert.equal(doc.primaryRegion, null);
  });
  it('an error finding exits 1 and the text names its place', async () => {
    const d = make({ 'fly.toml': 'app = "a"\nprimary_region = "xyz"\n' });
    const res = await check([d, '--offline', '--group', 'eu']);
    assert.equal(res.code, 1);
    assert.match(
      res.out,
      /fly\.toml:2:18 error region-unknown primary_region "xyz" is not a Fly region/,
    );
  });
  const aliases: Array<[string, string]> = [
    ['eu-std', 'eu'],
    ['us-std', 'us'],
    ['classic', 'global'],
    ['EU', 'eu'],
  ];
  for (const [alias, id] of aliases) {
    it(`--group ${alias} is ${id}`, async () => {
      const d = make({ 'fly.toml': 'app = "a"\nprimary_region = "lhr"\n' });
      const doc = JSON.parse(
        (await check([d, '--offline', '--format', 'json', '--group', alias])).out,
      );
      assert.deepEqual(doc.regionGroup, { id, source: `--group ${alias}` });
    });
  }
  it('--footprint compares a custom footprint', async () => {
    const d = make({ 'fly.toml': 'app = "a"\nprimary_region = "iad"\n' });
    const res = await check([d, '--offline', '--format', 'json', '--footprint', 'ams,FRA']);
    assert.equal(res.code, 0);
    const doc = JSON.parse(res.out);
    assert.deepEqual(
      [doc.regionGroup, doc.footprint],
      [{ id: 'custom', source: '--footprint ams,fra' }, ['ams', 'fra']],
    );
    assert.equal(
      doc.findings[0].message,
      'primary_region "iad" is not next to the custom footprint (ams, fra); nearest: ams',
    );
  });
  it('no group: region-group-unset says how to set one', async () => {
    const d = make({ 'fly.toml': 'app = "a"\nprimary_region = "lhr"\n' });
    const doc = JSON.parse((await check([d, '--offline', '--format', 'json'])).out);
    assert.equal(doc.regionGroup, null);
    assert.deepEqual(doc.footprint, []);
    assert.equal(doc.findings[0].code, 'region-group-unset');
    assert.match(doc.findings[0].message, /--group us\|eu\|global/);
  });
  it('FAUNA_ENDPOINT in [env] against the group: an error at the value; settings warnings on stderr', async () => {
    const d = make({
      'fly.toml':
        'app = "a"\nprimary_region = "lhr"\n[env]\n  FAUNA_ENDPOINT = "https://db.us.fauna.com"\n',
      'fauna.config.yaml': 'a:\n  database: eu/x\nb:\n  database: us/y\n',
      '.env': 'FAUNA_SECRET=fnSECRETVALUE\n',
    });
    const res = await check([d, '--offline', '--format', 'json', '--group', 'eu']);
    assert.equal(res.code, 1);
    const doc = JSON.parse(res.out);
    assert.deepEqual(
      doc.findings.map((f: { code: string; range: unknown }) => [f.code, f.range]),
      [['endpoint-group-mismatch', r(3, 19, 44)]],
    );
    assert.equal(
      res.err,
      "fly-fauna check: warning: fauna.config.yaml has profiles 'a', 'b' and none is chosen: pass --profile or set FAUNA_PROFILE\n",
    );
    assert.ok(!res.out.includes('fnSECRETVALUE') && !res.err.includes('fnSECRETVALUE'));
  });
  it('FAUNA_PROFILE picks the profile', async () => {
    const d = make({
      'fly.toml': 'app = "a"\n',
      'fauna.config.yml': 'a:\n  database: eu/x\nb:\n  database: us/y\n',
    });
    const res = await check([d, '--offline', '--format', 'json'], { env: { FAUNA_PROFILE: 'b' } });
    assert.deepEqual(JSON.parse(res.out).regionGroup, {
      id: 'us',
      source: "fauna.config.yml profile 'b' (database us/y)",
    });
  });
});

describe('cli check: online, with the fake flyctl as a real process', () => {
  let fake: FakeFlyctl;
  let dir: string;
  const tomlText =
    'app = "my-fauna-app"\nprimary_region = "lhr"\n[http_service]\ninternal_port = 8080\nprocesses = ["app"]\n';
  beforeEach(() => {
    fake = createFakeFlyctl(
      fakeState({ app: 'my-fauna-app', groups: { app: { lhr: 2, sjc: 1 }, worker: { ord: 1 } } }),
    );
    dir = project({ 'fly.toml': tomlText, 'fauna.config.yaml': 'dev:\n  database: eu/shop\n' });
  });
  afterEach(() => {
    fake.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const online = (args: string[], env: Record<string, string> = {}) =>
    check([dir, '--format', 'json', ...args], { env: { ...fake.env, ...env } });

  it('reads the deployed regions of the serving group, leaving out release-command and destroyed machines', async () => {
    const res = await online([]);
    assert.equal(res.err, '');
    assert.equal(res.code, 0);
    assert.deepEqual(JSON.parse(res.out), {
      file: path.join(dir, 'fly.toml'),
      app: 'my-fauna-app',
      primaryRegion: 'lhr',
      regionGroup: { id: 'eu', source: "fauna.config.yaml profile 'dev' (database eu/shop)" },
      footprint: ['lhr', 'arn', 'fra'],
      deployed: { source: 'flyctl machines list', regions: { lhr: 2, sjc: 1 } },
      missingRegions: ['arn', 'fra'],
      extraRegions: ['sjc'],
      findings: [
        {
          code: 'footprint-missing',
          severity: 'warning',
          message:
            "2 regions of the EU Region Group (lhr, arn, fra) have no machine of process group 'app': arn, fra",
          range: null,
        },
        {
          code: 'footprint-extra',
          severity: 'warning',
          message:
            "Machines of process group 'app' run outside the EU Region Group (lhr, arn, fra): sjc (1 machine, 8631 km from lhr, ~131 ms round trip (estimate))",
          range: null,
        },
      ],
    });
    const calls = fake.calls();
    assert.deepEqual(calls.map((c) => c.argv).sort(), [
      ['machines', 'list', '--json', '-a', 'my-fauna-app'],
      ['platform', 'regions', '--json'],
    ]);
    for (const c of calls)
      assert.deepEqual(
        [c.env.NO_COLOR, c.env.FLY_NO_UPDATE_CHECK, c.stdinIsTTY],
        ['1', '1', false],
      );
  });
  it('asks machines list and platform regions at the same time', async () => {
    await online([], { FAKE_FLYCTL_SLOW_MS: '1000' });
    const log = fs
      .readFileSync(fake.logPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { startedAt: number; endedAt?: number; exitCode?: number });
    const done = log.filter((l) => l.exitCode !== undefined);
    assert.equal(done.length, 2);
    // Each call started before the other ended: they overlapped. The 1 s wait keeps that
    // true even when a loaded machine starts the two processes far apart.
    assert.ok(
      done[0].startedAt < done[1].endedAt! && done[1].startedAt < done[0].endedAt!,
      JSON.stringify(done),
    );
  });
  it('--app and FLY_APP choose the app', async () => {
    await online(['--app', 'other-app']);
    await online([], { FLY_APP: 'env-app' });
    const apps = fake
      .calls()
      .filter((c) => c.argv[0] === 'machines')
      .map((c) => c.argv[4]);
    assert.deepEqual(apps, ['other-app', 'env-app']);
  });
  it('--offline never runs flyctl', async () => {
    const res = await online(['--offline']);
    assert.equal(res.code, 0);
    assert.equal(JSON.parse(res.out).deployed, null);
    assert.deepEqual(fake.calls(), []);
  });
  it('--flyctl names the binary', async () => {
    const res = await check([dir, '--format', 'json', '--flyctl', fake.flyctlPath], {
      env: { ...fake.env, PATH: path.dirname(process.execPath) },
    });
    assert.deepEqual(JSON.parse(res.out).deployed?.regions, { lhr: 2, sjc: 1 });
  });

  const failures: Array<{ name: string; env: Record<string, string>; kind: string; text: RegExp }> =
    [
      {
        name: 'logged out',
        env: { FAKE_FLYCTL_FAIL: 'not-logged-in' },
        kind: 'not-logged-in',
        text: /no access token available.*fly(ctl)? auth login/,
      },
      {
        name: 'an unknown app',
        env: { FAKE_FLYCTL_FAIL: 'app-not-found' },
        kind: 'app-not-found',
        text: /app not found/,
      },
      {
        name: 'hanging (bounded by the timeout)',
        env: { FAKE_FLYCTL_FAIL: 'hang', FLY_FAUNA_FLYCTL_TIMEOUT_MS: '400' },
        kind: 'timeout',
        text: /./,
      },
      {
        name: 'printing text instead of JSON',
        env: { FAKE_FLYCTL_FAIL: 'non-json' },
        kind: 'bad-output',
        text: /./,
      },
      { name: 'crashing', env: { FAKE_FLYCTL_FAIL: 'crash' }, kind: 'failed', text: /./ },
    ];
  for (const f of failures) {
    it(`flyctl ${f.name}: the static check still runs and says why`, async () => {
      const res = await online([], f.env);
      assert.equal(res.code, 0, res.err);
      const doc = JSON.parse(res.out);
      assert.equal(doc.deployed, null);
      assert.deepEqual(doc.missingRegions, []);
      const last = doc.findings[doc.findings.length - 1];
      assert.equal(last.code, 'flyctl-unavailable');
      assert.equal(last.severity, 'info');
      assert.ok(
        last.message.startsWith(`Deployed regions could not be read (${f.kind}): `),
        last.message,
      );
      assert.match(last.message, f.text);
    });
  }
  it('flyctl not installed: says so and how to fix it', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-empty-'));
    try {
      const res = await check([dir, '--format', 'json'], { env: { PATH: empty, HOME: empty } });
      assert.equal(res.code, 0);
      const last = JSON.parse(res.out).findings.at(-1);
      assert.equal(last.code, 'flyctl-unavailable');
      assert.match(
        last.message,
        /^Deployed regions could not be read \(not-installed\): flyctl was not found .*Install flyctl .*--offline/,
      );
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
  it('a relative --flyctl path is relative to the working folder', async () => {
    const io = memoryIo({
      env: { ...fake.env, PATH: path.dirname(process.execPath) },
      cwd: fake.dir,
    });
    assert.equal(await run(['check', dir, '--format', 'json', '--flyctl', 'bin/flyctl'], io), 0);
    assert.deepEqual(JSON.parse(io.out()).deployed?.regions, { lhr: 2, sjc: 1 });
  });
  it('a --flyctl path that does not exist is reported, not a crash', async () => {
    const res = await check([dir, '--format', 'json', '--flyctl', '/nonexistent/flyctl'], {
      env: fake.env,
    });
    assert.equal(res.code, 0);
    assert.equal(JSON.parse(res.out).findings.at(-1).code, 'flyctl-unavailable');
  });
  it('text output names the deployed regions and the footprint summary', async () => {
    const io = memoryIo({ env: fake.env, cwd: dir });
    assert.equal(await run(['check'], io), 0);
    assert.match(io.out(), /deployed +lhr 2, sjc 1 \(flyctl machines list; group app\)/);
    assert.match(
      io.out(),
      /footprint: EU Region Group \(lhr, arn, fra\): 1 of 3 regions have machines \(lhr\); missing arn, fra; outside sjc/,
    );
  });
});

describe('cli regions', () => {
  const regions = async (args: string[], env: Record<string, string> = {}) => {
    const io = memoryIo({ env: { PATH: '/nonexistent', HOME: '/nonexistent', ...env } });
    const code = await run(['regions', ...args], io);
    return { code, out: io.out(), err: io.err() };
  };
  it('--format json lists every region with the nearest footprint regions (bundled table without flyctl)', async () => {
    const res = await regions(['--format', 'json']);
    assert.equal(res.code, 0);
    const doc = JSON.parse(res.out);
    assert.equal(doc.source, 'bundled table');
    assert.equal(doc.group, null);
    assert.equal(doc.regions.length, 35);
    const sjc = doc.regions.find((x: { code: string }) => x.code === 'sjc');
    assert.deepEqual(sjc.nearest, {
      eu: { code: 'lhr', km: 8631, rttMs: 131 },
      us: { code: 'sjc', km: 0, rttMs: 2 },
    });
    assert.deepEqual(
      doc.regions.find((x: { code: string }) => x.code === 'atl').replacement,
      'dfw',
    );
  });
  it('--group us-std marks the footprint', async () => {
    const doc = JSON.parse((await regions(['--group', 'us-std', '--format', 'json'])).out);
    assert.deepEqual(doc.group, { id: 'us', footprint: ['sjc', 'ord', 'iad'] });
    assert.deepEqual(
      doc.regions
        .filter((x: { inFootprint: boolean }) => x.inFootprint)
        .map((x: { code: string }) => x.code),
      ['iad', 'ord', 'sjc'],
    );
  });
  it('--group global says it has no single footprint', async () => {
    const res = await regions(['--group', 'global']);
    assert.equal(res.code, 0);
    assert.match(res.out, /The Global Region Group has no single footprint/);
  });
  it('uses flyctl platform regions when flyctl answers', async () => {
    const fake = createFakeFlyctl(fakeState({}));
    try {
      const doc = JSON.parse((await regions(['--format', 'json'], fake.env)).out);
      assert.match(doc.source, /^flyctl platform regions/);
      assert.equal(doc.regions.find((x: { code: string }) => x.code === 'lhr').status, 'current');
    } finally {
      fake.cleanup();
    }
  });
  it('bad usage exits 2', async () => {
    assert.equal((await regions(['--group', 'mars'])).code, 2);
    assert.equal((await regions(['extra'])).code, 2);
  });
});
