import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundledCatalog } from '../../../src/core/regions';
import { FlyctlError } from '../../../src/node/flyctl';
import type { FlyctlJson } from '../../../src/node/project';
import { MAX_FILE_BYTES, ProjectError, readFlyState, readProject } from '../../../src/node/project';

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-project-'));
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (name.endsWith('/')) fs.mkdirSync(p, { recursive: true });
    else fs.writeFileSync(p, text);
  }
  return dir;
}

describe('node project: readProject', () => {
  const dirs: string[] = [];
  const make = (files: Record<string, string>) => {
    const d = tree(files);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('reads the fly.toml of a folder and the Fauna files beside it, .fauna-project from above', async () => {
    const root = make({
      '.fauna-project': 'default=dev\n',
      'app/.fauna-project': '[environment.x]\ndatabase=eu/a\n',
      'app/web/fly.toml': 'app = "a"\n',
      'app/web/fauna.config.yaml': 'dev:\n  database: eu/shop\n',
      'app/web/.fauna.config.json': '{}',
      'app/web/.env': 'FAUNA_SECRET=fnX\n',
      'app/web/unrelated.yaml': 'x: 1\n',
    });
    const p = await readProject('app/web', root, {});
    assert.equal(p.flyTomlPath, path.join(root, 'app/web/fly.toml'));
    assert.equal(p.displayPath, 'app/web/fly.toml');
    assert.equal(p.flyTomlText, 'app = "a"\n');
    assert.equal(p.dir, path.join(root, 'app/web'));
    assert.deepEqual(
      p.faunaFiles.map((f) => [f.name, f.text]),
      [
        ['fauna.config.yaml', 'dev:\n  database: eu/shop\n'],
        ['.fauna.config.json', '{}'],
        ['.env', 'FAUNA_SECRET=fnX\n'],
        ['.fauna-project', '[environment.x]\ndatabase=eu/a\n'],
      ],
    );
    assert.deepEqual(p.warnings, []);
  });
  it('reads a named fly.*.toml and strips a BOM', async () => {
    const root = make({ 'fly.staging.toml': '\uFEFFapp = "s"\n' });
    const p = await readProject('fly.staging.toml', root, {});
    assert.equal(p.displayPath, 'fly.staging.toml');
    assert.equal(p.flyTomlText, 'app = "s"\n');
  });
  it('FAUNA_CONFIG names the one config file (relative to the working folder)', async () => {
    const root = make({
      'fly.toml': '',
      'fauna.config.yaml': 'a: {}\n',
      'conf/mine.yml': 'b: {}\n',
    });
    const p = await readProject('.', root, { FAUNA_CONFIG: 'conf/mine.yml' });
    assert.deepEqual(
      p.faunaFiles.map((f) => f.name),
      ['conf/mine.yml'],
    );
    const missing = await readProject('.', root, { FAUNA_CONFIG: 'nope.yml' });
    assert.deepEqual(missing.warnings, ['FAUNA_CONFIG names nope.yml, which does not exist']);
  });
  it('skips a settings "file" that is a folder', async () => {
    const root = make({ 'fly.toml': '', '.env/': '' });
    assert.deepEqual((await readProject('.', root, {})).faunaFiles, []);
  });
  const bad: Array<[string, Record<string, string>, string, RegExp]> = [
    ['a missing path', {}, 'nope', /^nope does not exist$/],
    ['a folder without fly.toml', { 'x/.keep': '' }, 'x', /^no fly\.toml in x$/],
    ['a fly.toml that is a folder', { 'y/fly.toml/': '' }, 'y', /^no fly\.toml in y$/],
  ];
  for (const [name, files, target, msg] of bad) {
    it(`${name} is a ProjectError`, async () => {
      const root = make(files);
      await assert.rejects(
        readProject(target, root, {}),
        (e: unknown) => e instanceof ProjectError && msg.test(e.message),
      );
    });
  }
  it('refuses a fly.toml larger than the limit', async () => {
    const root = make({});
    fs.writeFileSync(path.join(root, 'fly.toml'), Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
    await assert.rejects(
      readProject('.', root, {}),
      (e: unknown) => e instanceof ProjectError && /larger than 4 MB/.test(e.message),
    );
  });
  it('shows a path outside the working folder as absolute', async () => {
    const root = make({ 'fly.toml': '' });
    const p = await readProject(root, '/nonexistent-cwd', {});
    assert.equal(p.displayPath, path.join(root, 'fly.toml'));
  });
});

describe('node project: readFlyState', () => {
  const machines = [
    {
      id: 'a',
      region: 'lhr',
      state: 'started',
      config: { metadata: { fly_platform_version: 'v2', fly_process_group: 'app' } },
    },
    {
      id: 'b',
      region: 'sjc',
      state: 'stopped',
      config: { metadata: { fly_platform_version: 'v2', fly_process_group: 'app' } },
    },
  ];
  /** An in-memory flyctl: answers per command, records calls and how many ran at once. */
  function double(answers: { machines?: () => unknown; regions?: () => unknown }) {
    const calls: string[][] = [];
    let running = 0;
    let maxRunning = 0;
    const client: FlyctlJson = {
      async json(args) {
        calls.push(args);
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setImmediate(r));
        running--;
        const f = args[0] === 'machines' ? answers.machines : answers.regions;
        if (!f) throw new Error('unexpected call');
        return f();
      },
    };
    return { client, calls, maxRunning: () => maxRunning };
  }
  const flyErr = (kind: 'not-logged-in' | 'timeout') =>
    new FlyctlError({
      kind,
      message:
        kind === 'timeout'
          ? 'flyctl machines list did not answer within 20 s.'
          : 'no access token available',
      nextStep: 'Do X.',
      argv: [],
      exitCode: 1,
      stderrTail: '',
    });

  it('asks both at once and merges the live regions', async () => {
    const d = double({
      machines: () => machines,
      regions: () => [{ code: 'lhr', name: 'London' }],
    });
    const s = await readFlyState({ client: d.client, app: 'shop', timeoutMs: 1000 });
    assert.deepEqual(d.calls, [
      ['machines', 'list', '--json', '-a', 'shop'],
      ['platform', 'regions', '--json'],
    ]);
    assert.equal(d.maxRunning(), 2);
    assert.deepEqual(s.deployed, {
      source: 'flyctl machines list',
      byGroup: {
        groups: { app: { lhr: 1, sjc: 1 } },
        skipped: { internal: 0, gone: 0, unmanaged: 0 },
      },
    });
    assert.equal(s.problem, null);
    assert.equal(s.catalog.get('lhr')?.name, 'London');
    assert.equal(s.catalog.get('sjc')?.status, 'deprecated');
  });
  it('a flyctl error becomes the problem, with its kind and next step (trailing period dropped)', async () => {
    for (const kind of ['not-logged-in', 'timeout'] as const) {
      const d = double({
        machines: () => {
          throw flyErr(kind);
        },
        regions: () => {
          throw flyErr(kind);
        },
      });
      const s = await readFlyState({ client: d.client, app: 'shop', timeoutMs: 1000 });
      assert.equal(s.deployed, null);
      assert.equal(s.catalog, bundledCatalog());
      assert.deepEqual(s.problem, {
        kind,
        message:
          kind === 'timeout'
            ? 'flyctl machines list did not answer within 20 s'
            : 'no access token available',
        nextStep: 'Do X.',
      });
    }
  });
  it('JSON of another shape is bad-output; bad region JSON falls back to the bundled table', async () => {
    const d = double({ machines: () => ({ unexpected: true }), regions: () => 'nope' });
    const s = await readFlyState({ client: d.client, app: 'shop', timeoutMs: 1000 });
    assert.equal(s.problem?.kind, 'bad-output');
    assert.equal(s.catalog, bundledCatalog());
  });
  it('accepts status --json and scale show --json shapes too', async () => {
    const d = double({ machines: () => ({ Name: 'shop', Machines: machines }), regions: () => [] });
    assert.equal(
      (await readFlyState({ client: d.client, app: 'shop', timeoutMs: 1000 })).deployed?.source,
      'flyctl status',
    );
  });
  it('without an app name only the regions are asked, and the problem says how to name the app', async () => {
    const d = double({ regions: () => [] });
    const s = await readFlyState({ client: d.client, app: null, timeoutMs: 1000 });
    assert.deepEqual(d.calls, [['platform', 'regions', '--json']]);
    assert.equal(s.problem?.kind, 'no-app');
    assert.match(s.problem.nextStep, /app = "NAME".*--app NAME.*FLY_APP/);
  });
});
