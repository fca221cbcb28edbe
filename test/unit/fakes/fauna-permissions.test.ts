// The test server's permission answers must be the core's (run-as.ts, permissions.ts,
// by-name.ts cite the fauna/faunadb sources), as the real `fauna` driver sees them: the
// status, the error class the driver picks from it, the code and the message.
import { strict as assert } from 'node:assert';
import {
  Client,
  NamedDocument,
  NullDocument,
  Page,
  QueryRuntimeError,
  ServiceError,
  fql,
} from 'fauna';
import type { Query } from 'fauna';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { startFaunaServer } from '../../fakes/fauna-server/server';
import { FaunaRunner } from '../../../src/node/fauna/runner';

describe('fake Fauna server: permissions as the core answers them', () => {
  let server: FaunaTestServer;
  const clients: Client[] = [];
  before(async () => {
    server = await startFaunaServer({ readonlySecrets: ['ro'] });
  });
  after(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  const as = (secret: string) => {
    const c = new Client({ endpoint: new URL(server.url), secret, max_attempts: 1 });
    clients.push(c);
    return c;
  };
  const data = async (secret: string, q: Query): Promise<unknown> =>
    (await as(secret).query(q)).data;
  const failure = async (secret: string, q: Query): Promise<ServiceError> => {
    try {
      await as(secret).query(q);
    } catch (e) {
      assert.ok(e instanceof ServiceError, String(e));
      return e;
    }
    assert.fail('expected the query to fail');
  };

  it('a write the role lacks is permission_denied, HTTP 400, a QueryRuntimeError', async () => {
    // customer may read Product but not create or write it (catalog.ts defaultSeed).
    const e = await failure('secret:@role/customer', fql`Product.create({ name: "x" })`);
    assert.ok(e instanceof QueryRuntimeError, e.constructor.name);
    assert.equal(e.httpStatus, 400);
    assert.equal(e.code, 'permission_denied');
    assert.equal(e.message, 'Insufficient privileges to perform the action.');
    const upd = await failure(
      'secret:@role/customer',
      fql`Product.byId("400000000000000001")!.update({ stock: 1 })`,
    );
    assert.equal(upd.code, 'permission_denied');
    const del = await failure(
      'secret:@role/customer',
      fql`Product.byId("400000000000000001")!.delete()`,
    );
    assert.equal(del.code, 'permission_denied');
    // server-readonly writes nothing either.
    assert.equal(
      (await failure('ro', fql`Product.create({ name: "x" })`)).code,
      'permission_denied',
    );
  });

  it('a role with create creates', async () => {
    const doc = await data('secret:@role/manager', fql`Product.create({ name: "made", price: 5 })`);
    assert.equal((doc as { name?: unknown }).name, 'made');
    assert.equal((doc as { price?: unknown }).price, 5);
  });

  it('reading a set the role may not read is an empty set, not an error', async () => {
    const page = await data('secret:client', fql`Product.all()`);
    assert.ok(page instanceof Page, String(page));
    assert.deepEqual(page.data, []);
    assert.equal(await data('secret:client', fql`Product.all().count()`), 0);
    // A user index does fail, with the collection's name.
    const idx = await failure('secret:client', fql`Product.byName("Product 1")`);
    assert.equal(idx.code, 'permission_denied');
    assert.equal(idx.message, 'Insufficient privileges to read from collection Product.');
    // A document it may not read is a null document, and `!` on it a null_value.
    const ref = await data('secret:client', fql`Product.byId("400000000000000001")`);
    assert.ok(ref instanceof NullDocument);
    assert.equal(ref.cause, 'permission denied');
    const bang = await failure('secret:client', fql`Product.byId("400000000000000001")!`);
    assert.equal(bang.code, 'null_value');
    assert.equal(bang.message, 'Null value, due to permission denied');
  });

  it('lists schema as each key sees it: server keys see no databases, roles or providers', async () => {
    const count = async (secret: string, q: Query) =>
      ((await data(secret, q)) as { data: unknown[] }).data.length;
    assert.equal(await count('secret', fql`Database.all()`), 2);
    assert.equal(await count('secret:server', fql`Database.all()`), 0);
    assert.equal(await count('secret:server', fql`Role.all()`), 0);
    assert.equal(await count('secret:server', fql`AccessProvider.all()`), 0);
    assert.equal(await count('secret:server', fql`Collection.all()`), 3);
    assert.equal(await count('secret:server', fql`Function.all()`), 2);
    assert.equal(await count('ro', fql`Collection.all().pageSize(50) { name }`), 3);
    assert.equal(await count('ro', fql`Database.all().pageSize(50) { name }`), 0);
    for (const k of ['Collection', 'Function', 'Role', 'AccessProvider', 'Database']) {
      const q = fql([`${k}.all()`]);
      assert.equal(await count('secret:client', q), 0, k);
      assert.equal(await count('secret:@role/customer', q), 0, k);
    }
  });

  it('answers byName and .definition with the definition or a null named document', async () => {
    const product = await data('secret', fql`Collection.byName("Product")`);
    assert.ok(product instanceof NamedDocument, String(product));
    assert.equal(product.name, 'Product');
    const missing = await data('secret', fql`Collection.byName("Nope")`);
    assert.ok(missing instanceof NullDocument);
    assert.equal(missing.cause, 'not found');
    assert.equal(await data('secret', fql`Collection.byName(${'Nope'}) == null`), true);
    assert.equal(await data('secret', fql`Collection.byName("Product").exists()`), true);
    const bang = await failure('secret', fql`Function.byName("nope")!`);
    assert.equal(bang.code, 'document_not_found');
    assert.equal(bang.message, 'Function `nope` not found.');
    assert.deepEqual(await data('secret', fql`Function.byName("restock") { name, role }`), {
      name: 'restock',
      role: 'server',
    });
    assert.equal(
      ((await data('secret', fql`Product.definition`)) as NamedDocument).name,
      'Product',
    );
    assert.equal(
      ((await data('secret', fql`restock.definition`)) as NamedDocument).name,
      'restock',
    );
    // A server key may not read roles: a null document, cause permission denied.
    const role = await data('secret:server', fql`Role.byName("manager")`);
    assert.ok(role instanceof NullDocument);
    assert.equal(role.cause, 'permission denied');
    const ap = await data('secret', fql`AccessProvider.byName("someIssuer") { issuer }`);
    assert.deepEqual(ap, { issuer: 'https://example.com/' });
    const db = await data('secret', fql`Database.byName("staging")`);
    assert.ok(db instanceof NamedDocument);
  });
});

describe('FaunaRunner: a permission denial as the product reports it', () => {
  let server: FaunaTestServer;
  const runner = new FaunaRunner();
  before(async () => {
    server = await startFaunaServer();
  });
  after(async () => {
    runner.close();
    await server.close();
  });

  it('keeps the code and the 400, and says permission denied with the core message', async () => {
    const o = await runner.run(
      { endpoint: server.url, secret: 'secret:@role/customer' },
      { query: 'Product.create({ name: "x" })' },
    );
    assert.ok(!o.ok);
    assert.equal(o.error.code, 'permission_denied');
    assert.equal(o.error.httpStatus, 400);
    assert.match(
      o.error.message,
      /^Permission denied: Insufficient privileges to perform the action\. /,
    );
    assert.match(o.error.summary, /^error: Insufficient privileges to perform the action\./);
    assert.ok(!o.error.message.includes('secret:'), 'the scoped secret is not shown');
  });
});
