import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import '../../../src/cli/commands/index';
import { run } from '../../../src/cli/run';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { startFaunaServer } from '../../fakes/fauna-server/server';
import { memoryIo } from '../../helpers/io';

const SECRET = 'fnCLI-secret-abcdef';

describe('fly-fauna query (in-process)', () => {
  let server: FaunaTestServer;
  let dir: string;
  const env = () => ({ FAUNA_SECRET: SECRET, FAUNA_ENDPOINT: server.url });

  before(async () => {
    server = await startFaunaServer({ secrets: [SECRET] });
    dir = mkdtempSync(path.join(tmpdir(), 'fql-cli-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('prints the JSON contract for a set page', async () => {
    const io = memoryIo({ env: env(), cwd: dir });
    const code = await run(['query', 'Product.all().pageSize(2)', '--format', 'json'], io);
    assert.equal(code, 0, io.err());
    const out = JSON.parse(io.out());
    assert.deepEqual(Object.keys(out), ['data', 'staticType', 'summary', 'txnTs', 'stats']);
    assert.equal(out.staticType, 'Set<Product>');
    assert.equal(out.data.data.length, 2);
    assert.equal(typeof out.data.after, 'string');
    assert.deepEqual(Object.keys(out.data.data[0]).slice(0, 3), ['id', 'coll', 'ts']);
    assert.equal(out.data.data[0].coll, 'Product');
    assert.equal(typeof out.txnTs, 'number');
    assert.equal(out.stats.read_ops, 2);
  });

  it('prints text on stdout and the stats line on stderr', async () => {
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['query', '1 + 1'], io), 0);
    assert.equal(io.out(), '2\n');
    assert.match(io.err(), /Int · \d+ ms · read 0 · write 0 · compute 1 · txn_ts \d+/);
  });

  it('reads --file and passes --arg values, --typecheck and --timeout', async () => {
    writeFileSync(path.join(dir, 'q.fql'), '// find one\nname\n');
    const io = memoryIo({ env: env(), cwd: dir });
    const code = await run(
      [
        'query',
        '--file',
        'q.fql',
        '--arg',
        'name="Ada"',
        '--typecheck',
        '--timeout',
        '900',
        '--format',
        'json',
      ],
      io,
    );
    assert.equal(code, 0, io.err());
    assert.equal(JSON.parse(io.out()).data, 'Ada');
    const req = server.requests[0];
    assert.equal(req.headers['x-typecheck'], 'true');
    assert.equal(req.headers['x-query-timeout-ms'], '900');
    assert.deepEqual((req.body as { arguments: unknown }).arguments, { name: 'Ada' });
  });

  it('takes the secret from .env (FAUNA_SECRET_KEY, as the Fly starter kit names it)', async () => {
    const d = mkdtempSync(path.join(tmpdir(), 'fql-env-'));
    try {
      writeFileSync(
        path.join(d, '.env'),
        `FAUNA_SECRET_KEY="${SECRET}"\nFAUNA_ENDPOINT=${server.url}\n`,
      );
      const io = memoryIo({ env: {}, cwd: d });
      assert.equal(await run(['query', '1 + 1', '--format', 'json'], io), 0, io.err());
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('takes FAUNA_ENDPOINT from fly.toml [env] and names that source on a refusal', async () => {
    const d = mkdtempSync(path.join(tmpdir(), 'fql-fly-'));
    try {
      writeFileSync(
        path.join(d, 'fly.toml'),
        `app = "a"\n[env]\n  FAUNA_ENDPOINT = "${server.url}"\n`,
      );
      const io = memoryIo({ env: { FAUNA_SECRET: SECRET }, cwd: d });
      assert.equal(await run(['query', '1 + 1'], io), 0, io.err());
      const bad = memoryIo({ env: { FAUNA_SECRET: 'nope-nope' }, cwd: d });
      assert.equal(await run(['query', '1 + 1'], bad), 1);
      assert.match(bad.err(), /endpoint from FAUNA_ENDPOINT in fly\.toml \[env\]/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('takes a query that looks like a flag after --', async () => {
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['query', '--format', 'json', '--', '-1 + 3'], io), 0, io.err());
    assert.equal(JSON.parse(io.out()).data, 2);
  });

  it('--endpoint wins over FAUNA_ENDPOINT', async () => {
    const io = memoryIo({
      env: { FAUNA_SECRET: SECRET, FAUNA_ENDPOINT: 'http://127.0.0.1:1' },
      cwd: dir,
    });
    assert.equal(await run(['query', '1 + 1', '--endpoint', server.url], io), 0, io.err());
  });

  const usage: Array<[string[], RegExp]> = [
    [['query'], /no query/],
    [['query', '1', '--file', 'x.fql'], /not both/],
    [['query', '--file', 'missing.fql'], /cannot read --file missing.fql: no such file/],
    [['query', '1', '--arg', 'n=oops'], /--arg n: the value is not valid JSON/],
    [['query', '1', '--arg', 'bad'], /NAME=JSON/],
    [['query', '1', '--timeout', 'soon'], /--timeout must be a positive number/],
    [['query', '1', '--endpoint', 'localhost'], /--endpoint must be an http\(s\) URL/],
    [['query', '1', '--format', 'xml'], /--format must be text or json/],
    [['query', '1', '--nope'], /nope/],
    [['query', '   '], /empty/],
    [['query', '1', '--', '2'], /one query/],
  ];
  for (const [argv, re] of usage) {
    it(`exits 2 for ${argv.slice(1).join(' ') || '(nothing)'}`, async () => {
      const io = memoryIo({ env: env(), cwd: dir });
      assert.equal(await run(argv, io), 2);
      assert.match(io.err(), re);
      assert.equal(server.requests.length, 0);
    });
  }

  it('prints a query error as JSON with exit 1', async () => {
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['query', 'nope.all()', '--format', 'json'], io), 1);
    const out = JSON.parse(io.out());
    assert.equal(out.error.code, 'invalid_query');
    assert.match(out.error.summary, /Unbound variable `nope`/);
    assert.equal(typeof out.stats.compute_ops, 'number');
  });

  it('prints a query error with its summary on stderr in text', async () => {
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['query', 'abort("no")'], io), 1);
    assert.match(io.err(), /The query aborted with "no"/);
    assert.match(io.err(), /at \*query\*:1:1/);
  });

  it('says how to set a secret when none is found', async () => {
    const io = memoryIo({ env: { FAUNA_ENDPOINT: server.url }, cwd: dir });
    assert.equal(await run(['query', '1 + 1'], io), 1);
    assert.match(io.err(), /No Fauna secret.*FAUNA_SECRET.*\.env/);
    assert.equal(server.requests.length, 0);
  });

  it('names the endpoint and never prints the secret on 401', async () => {
    const wrong = 'fnWRONG-cli-secret-zz';
    const io = memoryIo({ env: { FAUNA_SECRET: wrong, FAUNA_ENDPOINT: server.url }, cwd: dir });
    assert.equal(await run(['query', '1 + 1'], io), 1);
    assert.match(io.err(), /refused by http:\/\/127\.0\.0\.1/);
    assert.match(io.err(), /endpoint from FAUNA_ENDPOINT in the environment/);
    assert.ok(!io.err().includes(wrong) && !io.out().includes(wrong));
    const json = memoryIo({ env: { FAUNA_SECRET: wrong, FAUNA_ENDPOINT: server.url }, cwd: dir });
    await run(['query', '1 + 1', '--format', 'json'], json);
    assert.ok(!json.out().includes(wrong) && !json.err().includes(wrong));
  });

  it('cancels at once on Ctrl+C (io.signal)', async () => {
    const ac = new AbortController();
    const io = memoryIo({ env: env(), cwd: dir, signal: ac.signal });
    const p = run(['query', '1 + 1 // @test:delay=10000', '--timeout', '20000'], io);
    const deadline = Date.now() + 5000;
    while (server.pending() === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    assert.equal(await p, 1);
    assert.match(io.err(), /cancelled/);
    while (server.pending() > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    assert.equal(server.pending(), 0);
  });

  it('cuts text output past the cap and says so, JSON stays whole', async () => {
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['query', '0 // @test:huge=1200'], io), 0);
    assert.ok(io.out().length <= 1_000_001);
    assert.match(io.err(), /output cut at 1,000,000 of/);
    const json = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['query', '0 // @test:huge=1200', '--format', 'json'], json), 0);
    assert.equal(JSON.parse(json.out()).data.length, 1200);
  });
});
