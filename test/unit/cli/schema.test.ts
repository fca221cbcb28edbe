import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import '../../../src/cli/commands/index';
import { run } from '../../../src/cli/run';
import { SchemaClient } from '../../../src/node/fauna/schema-client';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { startFaunaServer } from '../../fakes/fauna-server/server';
import { memoryIo } from '../../helpers/io';

const SECRET = 'fnSCHEMA-secret-abc';
// Staging is only allowed below the root (SchemaRequest.scala:117-124).
const STAGING = `${SECRET}:staging:admin`;

describe('fly-fauna schema (in-process, against the test server)', () => {
  let server: FaunaTestServer;
  let dir: string;
  const env = (secret = SECRET) => ({ FAUNA_SECRET: secret, FAUNA_ENDPOINT: server.url });
  const remote = async (secret = SECRET) => {
    const c = new SchemaClient({ endpoint: server.url, secret });
    try {
      return await c.pull();
    } finally {
      c.close();
    }
  };

  beforeEach(async () => {
    server = await startFaunaServer({ secrets: [SECRET] });
    dir = mkdtempSync(path.join(tmpdir(), 'schema-cli-'));
    mkdirSync(path.join(dir, 'schema'));
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pull writes the remote files into schema/ and says so; a second pull writes nothing', async () => {
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['schema', 'pull'], io), 0, io.err());
    const main = readFileSync(path.join(dir, 'schema/main.fsl'), 'utf8');
    assert.match(main, /^collection Product \{/);
    assert.match(io.out(), /wrote schema\/main\.fsl/);
    assert.match(io.err(), /1 file written, 0 already the same/);
    const io2 = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['schema', 'pull'], io2), 0);
    assert.equal(io2.out(), '');
    assert.match(io2.err(), /0 files written, 1 already the same/);
  });

  it('pull keeps local-only files and names them', async () => {
    writeFileSync(path.join(dir, 'schema/extra.fsl'), 'function x() { 1 }\n');
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['schema', 'pull', '--format', 'json'], io), 0, io.err());
    const out = JSON.parse(io.out());
    assert.deepEqual(out.written, ['main.fsl']);
    assert.deepEqual(out.keptLocalOnly, ['extra.fsl']);
    assert.equal(readFileSync(path.join(dir, 'schema/extra.fsl'), 'utf8'), 'function x() { 1 }\n');
  });

  it('diff shows changed files and the textual diff, exit 0; no changes says so', async () => {
    const { files } = await remote();
    const main = files[0].content;
    writeFileSync(path.join(dir, 'schema/main.fsl'), main);
    const same = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['schema', 'diff'], same), 0, same.err());
    assert.equal(same.out(), 'No changes: schema matches the database.\n');

    writeFileSync(
      path.join(dir, 'schema/main.fsl'),
      main.replace('history_days 30', 'history_days 7'),
    );
    writeFileSync(path.join(dir, 'schema/fns.fsl'), 'function double(x) { x * 2 }\n');
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['schema', 'diff'], io), 0, io.err());
    assert.match(io.out(), /^\+ fns\.fsl\n~ main\.fsl\n/);
    assert.match(io.out(), /fns\.fsl\n@ line 1 to 1\n\+ function double\(x\) \{ x \* 2 \}\n/);
    assert.match(io.out(), /- {3}history_days 30\n\+ {3}history_days 7/);
  });

  it('push without --yes shows the diff, pushes nothing and exits 2', async () => {
    writeFileSync(path.join(dir, 'schema/main.fsl'), 'collection Thing {}\n');
    const before = await remote();
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['schema', 'push'], io), 2);
    assert.match(io.out(), /~ main\.fsl/);
    assert.match(io.err(), /Nothing was pushed\. Add --yes to push 1 file/);
    assert.deepEqual(await remote(), before);
  });

  it('push --yes replaces the schema; the database then has the local files', async () => {
    writeFileSync(path.join(dir, 'schema/main.fsl'), 'collection Thing {}\n');
    mkdirSync(path.join(dir, 'schema/app'));
    writeFileSync(path.join(dir, 'schema/app/fns.fsl'), 'function one() { 1 }\n');
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['schema', 'push', '--yes'], io), 0, io.err());
    assert.match(io.err(), /Pushed 2 files from schema; schema version \d+/);
    const after = await remote();
    assert.deepEqual(after.files.map((f) => [f.name, f.content]).sort(), [
      ['app/fns.fsl', 'function one() { 1 }\n'],
      ['main.fsl', 'collection Thing {}\n'],
    ]);
  });

  it('push with the version read at diff time is refused after a concurrent change (exit 1)', async () => {
    writeFileSync(path.join(dir, 'schema/main.fsl'), 'collection Mine {}\n');
    const d = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['schema', 'diff', '--format', 'json'], d), 0, d.err());
    const seen = JSON.parse(d.out()).version as number;
    // Someone else pushes meanwhile.
    const other = new SchemaClient({ endpoint: server.url, secret: SECRET });
    await other.update([{ name: 'main.fsl', content: 'collection Theirs {}\n' }], {
      version: seen,
    });
    other.close();
    const io = memoryIo({ env: env(), cwd: dir });
    const code = await run(['schema', 'push', '--yes', '--version', String(seen)], io);
    assert.equal(code, 1);
    assert.match(io.err(), /schema changed since it was read \(Stale schema version provided\)/);
    assert.equal((await remote()).files[0].content, 'collection Theirs {}\n');
  });

  it('invalid FSL is refused with the core-shaped error (exit 1), nothing changes', async () => {
    writeFileSync(path.join(dir, 'schema/main.fsl'), 'bar?\n');
    const before = await remote();
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['schema', 'push', '--yes'], io), 1);
    assert.match(io.err(), /error: Invalid schema item `bar`\nat main\.fsl:1:1/);
    assert.deepEqual(await remote(), before);
  });

  it('a bad secret is 401 (exit 1) and names where the endpoint came from', async () => {
    const io = memoryIo({ env: env('wrong'), cwd: dir });
    assert.equal(await run(['schema', 'pull'], io), 1);
    assert.match(io.err(), /Fauna refused the secret \(401: Access token required\)/);
    assert.match(io.err(), /endpoint from FAUNA_ENDPOINT/);
    assert.doesNotMatch(io.err(), /wrong/);
  });

  it('a refused connection is exit 1 with the cause', async () => {
    const url = server.url;
    await server.close();
    const io = memoryIo({ env: { FAUNA_SECRET: SECRET, FAUNA_ENDPOINT: url }, cwd: dir });
    assert.equal(await run(['schema', 'pull'], io), 1);
    assert.match(io.err(), /cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    server = await startFaunaServer({ secrets: [SECRET] });
  });

  it('staged: push --staged, status shows ready and the diff, commit makes it active', async () => {
    writeFileSync(path.join(dir, 'schema/main.fsl'), 'collection Staged {}\n');
    const push = memoryIo({ env: env(STAGING), cwd: dir });
    assert.equal(await run(['schema', 'push', '--staged', '--yes'], push), 0, push.err());
    assert.match(push.err(), /as a staged schema/);
    assert.doesNotMatch((await remote(STAGING)).files[0].content, /Staged/);

    const st = memoryIo({ env: env(STAGING), cwd: dir });
    assert.equal(await run(['schema', 'status', '--format', 'json'], st), 0, st.err());
    const status = JSON.parse(st.out());
    assert.equal(status.status, 'ready');
    assert.match(status.diff, /\+ collection Staged \{\}/);

    const c = memoryIo({ env: env(STAGING), cwd: dir });
    assert.equal(await run(['schema', 'commit'], c), 0, c.err());
    assert.match(c.err(), /Committed the staged schema; schema version \d+/);
    assert.equal((await remote(STAGING)).files[0].content, 'collection Staged {}\n');

    const again = memoryIo({ env: env(STAGING), cwd: dir });
    assert.equal(await run(['schema', 'abandon'], again), 1);
    assert.match(again.err(), /There is no staged schema to abandon/);
  });

  it('staged: abandon drops the staged schema; staging in the root database is refused', async () => {
    writeFileSync(path.join(dir, 'schema/main.fsl'), 'collection Staged {}\n');
    assert.equal(
      await run(['schema', 'push', '--staged', '--yes'], memoryIo({ env: env(STAGING), cwd: dir })),
      0,
    );
    const a = memoryIo({ env: env(STAGING), cwd: dir });
    assert.equal(await run(['schema', 'abandon'], a), 0, a.err());
    const st = memoryIo({ env: env(STAGING), cwd: dir });
    assert.equal(await run(['schema', 'status'], st), 0);
    assert.match(st.out(), /^status: none/);

    const root = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['schema', 'push', '--staged', '--yes'], root), 1);
    assert.match(root.err(), /Schema cannot be staged in the root database/);
  });

  it('push while a schema is staged: a warning on stderr (the push replaces the staged schema), same JSON and exit codes', async () => {
    writeFileSync(path.join(dir, 'schema/main.fsl'), 'collection First {}\n');
    const stage = memoryIo({ env: env(STAGING), cwd: dir });
    assert.equal(await run(['schema', 'push', '--staged', '--yes'], stage), 0, stage.err());
    assert.doesNotMatch(stage.err(), /warning:/, 'a staged push says nothing more');
    const active = (await remote(STAGING)).files[0].content;

    writeFileSync(path.join(dir, 'schema/main.fsl'), 'collection Second {}\n');
    const preview = memoryIo({ env: env(STAGING), cwd: dir });
    assert.equal(await run(['schema', 'push', '--format', 'json'], preview), 2);
    assert.match(
      preview.err(),
      /warning: A schema is staged \(status: ready\): pushing replaces the staged schema.*\(fly-fauna schema pull --staged\)/,
    );
    assert.deepEqual(Object.keys(JSON.parse(preview.out())).sort(), [
      'changes',
      'diff',
      'dir',
      'dirSource',
      'staged',
      'version',
    ]);

    const push = memoryIo({ env: env(STAGING), cwd: dir });
    assert.equal(await run(['schema', 'push', '--yes', '--format', 'json'], push), 0, push.err());
    assert.match(push.err(), /warning: A schema is staged/);
    assert.match(push.err(), /as a staged schema/);
    assert.deepEqual(Object.keys(JSON.parse(push.out())).sort(), [
      'dir',
      'pushed',
      'staged',
      'version',
    ]);
    // As in the core: the active schema is unchanged, the staged one is the push.
    assert.equal((await remote(STAGING)).files[0].content, active);
    const c = new SchemaClient({ endpoint: server.url, secret: STAGING });
    try {
      assert.equal((await c.pull({ staged: true })).files[0].content, 'collection Second {}\n');
    } finally {
      c.close();
    }

    // Nothing staged, and the root database (which cannot stage): no warning.
    const root = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['schema', 'push', '--yes'], root), 0, root.err());
    assert.doesNotMatch(root.err(), /warning:/);
  });

  it('finds the folder from .fauna-project schema_directory, and --dir wins', async () => {
    mkdirSync(path.join(dir, 'fsl'));
    writeFileSync(path.join(dir, '.fauna-project'), 'schema_directory=fsl\n');
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['schema', 'pull'], io), 0, io.err());
    assert.match(io.out(), /wrote fsl\/main\.fsl/);
    const io2 = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['schema', 'pull', '--dir', 'other'], io2), 0, io2.err());
    assert.match(io2.out(), /wrote other\/main\.fsl/);
  });

  it('--help prints the commands and exit codes', async () => {
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['schema', '--help'], io), 0);
    assert.match(
      io.out(),
      /Exit codes: 0 done; 1 Fauna refused or failed; 2 bad usage, or push without --yes/,
    );
  });

  it('bad usage exits 2', async () => {
    const cases: string[][] = [
      ['schema'],
      ['schema', 'frobnicate'],
      ['schema', 'diff', '--yes'],
      ['schema', 'status', '--staged'],
      ['schema', 'push', '--version', 'abc'],
      ['schema', 'diff', '--dir', 'missing'],
      ['schema', 'diff', '--endpoint', 'localhost'],
    ];
    for (const argv of cases) {
      const io = memoryIo({ env: env(), cwd: dir });
      assert.equal(await run(argv, io), 2, `${argv.join(' ')}: ${io.err()}`);
    }
    const noSecret = memoryIo({ env: { FAUNA_ENDPOINT: server.url }, cwd: dir });
    assert.equal(await run(['schema', 'pull'], noSecret), 2);
    assert.match(noSecret.err(), /no Fauna secret/);
  });
});
