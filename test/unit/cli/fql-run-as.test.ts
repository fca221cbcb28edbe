import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import '../../../src/cli/commands/index';
import { run } from '../../../src/cli/run';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { startFaunaServer } from '../../fakes/fauna-server/server';
import { memoryIo } from '../../helpers/io';

const SECRET = 'fnRUNAS-secret-abcdef';

describe('fly-fauna query --role / --as-doc', () => {
  let server: FaunaTestServer;
  let dir: string;
  const env = () => ({ FAUNA_SECRET: SECRET, FAUNA_ENDPOINT: server.url });
  before(async () => {
    server = await startFaunaServer({ secrets: [SECRET] });
    dir = mkdtempSync(path.join(tmpdir(), 'fql-runas-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('runs as a user role the server accepts, says so, and never prints the secret', async () => {
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(
      await run(['query', 'Product.all().pageSize(1)', '--role', 'manager'], io),
      0,
      io.err(),
    );
    assert.match(io.err(), /ran as role manager/);
    assert.deepEqual(server.requests[0].identity, { database: [], role: '@role/manager' });
    assert.ok(!io.out().includes(SECRET) && !io.err().includes(SECRET));
  });

  it('adds an identity field to --format json', async () => {
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['query', '1 + 1', '--role', 'server', '--format', 'json'], io), 0);
    const out = JSON.parse(io.out());
    assert.deepEqual(out.identity, { kind: 'builtin', role: 'server' });
    assert.equal(out.data, 2);
  });

  it('a built-in client role is denied an index read (exit 1) and sees an empty set', async () => {
    // The core fails a user index the role may not read (Collections.scala:386-415) but
    // filters Coll.all() to nothing (ValueSet.scala:1133-1154): run-as.ts.
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['query', 'Product.byName("Product 1")', '--role', 'client'], io), 1);
    assert.match(io.err(), /Insufficient privileges to read from collection Product/);
    assert.match(io.err(), /[Pp]ermission denied/);
    const all = memoryIo({ env: env(), cwd: dir });
    assert.equal(
      await run(['query', 'Product.all()', '--role', 'client', '--format', 'json'], all),
      0,
      all.err(),
    );
    assert.deepEqual(JSON.parse(all.out()).data, { data: [], after: null });
  });

  it('a role without create is denied a write (exit 1, the core message)', async () => {
    const io = memoryIo({ env: env(), cwd: dir });
    const q = 'Product.create({ name: "x" })';
    assert.equal(await run(['query', q, '--role', 'customer', '--format', 'json'], io), 1);
    const out = JSON.parse(io.out());
    assert.equal(out.error.code, 'permission_denied');
    assert.match(out.error.message, /Insufficient privileges to perform the action\./);
  });

  it('a missing role is the 401, said as the role not accepted (exit 1)', async () => {
    const io = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['query', '1 + 1', '--role', 'nobody'], io), 1);
    assert.match(io.err(), /did not accept running as role nobody \(401 unauthorized\)/);
    assert.equal(server.requests[0].authorized, false);
    assert.ok(!io.err().includes(SECRET));
  });

  it('runs as a document; Query.identity() is that document', async () => {
    const io = memoryIo({ env: env(), cwd: dir });
    const code = await run(
      ['query', 'Query.identity()', '--as-doc', 'Product/400000000000000001', '--format', 'json'],
      io,
    );
    assert.equal(code, 0, io.err() + io.out());
    assert.deepEqual(server.requests[0].identity, {
      database: [],
      role: '@doc/Product/400000000000000001',
    });
    const missing = memoryIo({ env: env(), cwd: dir });
    assert.equal(await run(['query', '1 + 1', '--as-doc', 'Product/999999'], missing), 1);
    assert.match(missing.err(), /document Product\/999999 does not exist/);
  });

  it('bad usage exits 2 with a clear message', async () => {
    const cases: [string[], RegExp][] = [
      [['--role', 'manager', '--as-doc', 'User/1'], /--role or --as-doc, not both/],
      [['--role', '9x'], /--role: '9x' is not a role name/],
      [['--as-doc', 'User'], /--as-doc: 'User' is not a document/],
      [['--as-doc', 'User/abc'], /ID must be digits/],
    ];
    for (const [flags, want] of cases) {
      const io = memoryIo({ env: env(), cwd: dir });
      assert.equal(await run(['query', '1 + 1', ...flags], io), 2, flags.join(' '));
      assert.match(io.err(), want);
    }
    const scoped = memoryIo({
      env: { FAUNA_SECRET: `${SECRET}:admin`, FAUNA_ENDPOINT: server.url },
      cwd: dir,
    });
    assert.equal(await run(['query', '1 + 1', '--role', 'manager'], scoped), 2);
    assert.match(scoped.err(), /already carries a scope/);
    assert.ok(!scoped.err().includes(SECRET));
    assert.equal(server.requests.length, 0);
  });
});
