import { strict as assert } from 'node:assert';
import { toPlain } from '../../../src/core/fql/value';
import type { QueryOutcome } from '../../../src/node/fauna/runner';
import { FaunaRunner } from '../../../src/node/fauna/runner';
import { defaultSeed } from '../../fakes/fauna-server/catalog';
import { withShopDatabase } from '../../fakes/fauna-server/child-documents';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { startFaunaServer } from '../../fakes/fauna-server/server';

const KEY = 'fnChildDocs-key-5521';

function ok(o: QueryOutcome) {
  if (!o.ok) throw new Error(`expected success, got ${o.error.code}: ${o.error.message}`);
  return o.result;
}

function names(data: unknown): string[] {
  const page = toPlain(data as never) as { data: Array<{ name: string }> };
  return page.data.map((d) => d.name);
}

/** The test server's documents in a child database reached by a scoped secret. */
describe('test server: documents in a child database', () => {
  let server: FaunaTestServer;
  let runner: FaunaRunner;
  before(async () => {
    server = await startFaunaServer({ secrets: [KEY], catalog: withShopDatabase(defaultSeed()) });
  });
  after(() => server.close());
  beforeEach(() => {
    runner = new FaunaRunner({ maxBackoffSeconds: 0.01 });
    server.requests.length = 0;
  });
  afterEach(() => runner.close());

  it('answers Product.all() from the child database, pages with its cursor', async () => {
    const conn = { endpoint: server.url, secret: `${KEY}:shop/eu:admin` };
    const first = ok(await runner.run(conn, { query: 'Product.all()' }));
    assert.equal(first.staticType, 'Set<Product>');
    const got = names(first.data);
    assert.equal(got.length, 16);
    assert.equal(got[0], 'EU product 1');
    assert.deepEqual(server.requests.at(-1)?.identity, { database: ['shop', 'eu'], role: 'admin' });
    assert.ok(first.after);
    const next = ok(await runner.loadMore(conn, first.after));
    assert.deepEqual(names(next.data), [
      'EU product 17',
      'EU product 18',
      'EU product 19',
      'EU product 20',
    ]);
    assert.equal(next.after, null);
    // The same cursor in the root database is refused, not answered with root documents.
    const root = await runner.loadMore({ endpoint: server.url, secret: KEY }, first.after);
    assert.equal(root.ok, false);
    if (!root.ok) assert.equal(root.error.code, 'invalid_cursor');
  });

  it('keeps the root database answering its own documents', async () => {
    const r = ok(
      await runner.run({ endpoint: server.url, secret: KEY }, { query: 'Product.all()' }),
    );
    assert.equal(names(r.data)[0], 'Product 1');
  });

  it('reads a child document by id and refuses a collection the child does not have', async () => {
    const conn = { endpoint: server.url, secret: `${KEY}:shop/eu:admin` };
    const doc = ok(await runner.run(conn, { query: 'Product.byId("700000000000000003")' }));
    assert.equal((toPlain(doc.data as never) as { name: string }).name, 'EU product 3');
    const missing = await runner.run(conn, { query: 'Customer.all()' });
    assert.equal(missing.ok, false);
    if (!missing.ok) {
      assert.equal(missing.error.code, 'invalid_query');
      assert.match(missing.error.summary, /Unbound variable `Customer`/);
    }
  });

  it('applies a role of the child database and refuses a missing child with 401', async () => {
    const asClerk = { endpoint: server.url, secret: `${KEY}:shop/eu:@role/clerk` };
    ok(await runner.run(asClerk, { query: 'Product.all().pageSize(2)' }));
    assert.deepEqual(server.requests.at(-1)?.identity, {
      database: ['shop', 'eu'],
      role: '@role/clerk',
    });
    const client = await runner.run(
      { endpoint: server.url, secret: `${KEY}:shop/eu:client` },
      { query: 'Product.all()' },
    );
    assert.equal(client.ok, false);
    if (!client.ok) assert.equal(client.error.code, 'permission_denied');
    const nowhere = await runner.run(
      { endpoint: server.url, secret: `${KEY}:shop/us:admin` },
      { query: 'Product.all()' },
    );
    assert.equal(nowhere.ok, false);
    if (!nowhere.ok) {
      assert.equal(nowhere.error.code, 'unauthorized');
      assert.doesNotMatch(nowhere.error.message, /fnChildDocs/);
    }
  });
});
