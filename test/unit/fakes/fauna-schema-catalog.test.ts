import { strict as assert } from 'node:assert';
import { Client, fql } from 'fauna';
import { SchemaClient } from '../../../src/node/fauna/schema-client';
import { defaultSeed } from '../../fakes/fauna-server/catalog';
import { withShopDatabase } from '../../fakes/fauna-server/child-documents';
import { readFsl } from '../../fakes/fauna-server/fsl-reader';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { startFaunaServer } from '../../fakes/fauna-server/server';

const SHIPMENT = `
// A new collection with an index and a unique constraint.
collection Shipment {
  order: Ref<Order>
  carrier: String = "post"
  *: Any

  index byCarrier {
    terms [.carrier]
    values [desc(.ts), mva(.tags)]
  }
  unique [.order]
  check hasCarrier (doc) => doc.carrier != ""
  compute late: Boolean = (doc) => {
    doc.due < Time.now()
  }
}

@role(server)
function ship(order: Ref<Order>): Shipment {
  Shipment.create({ order: order })
}

role shipper {
  privileges Shipment {
    read
    write { predicate ((doc) => doc.carrier == "post") }
  }
  membership Customer { predicate ((c) => c.email != null) }
}

access provider carrierIdp {
  issuer "https://carrier.example/"
  jwks_uri "https://carrier.example/jwks"
  role shipper
}
`;

/**
 * One store: a push or a commit through the schema HTTP API changes what the queries
 * (`Collection.all()`, ...) read, as in the core, where the files are the schema.
 */
describe('test server: the catalog follows the active schema files', () => {
  let server: FaunaTestServer;
  const clients: Array<Client | SchemaClient> = [];
  beforeEach(async () => {
    server = await startFaunaServer({ catalog: withShopDatabase(defaultSeed()) });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server.close();
  });

  const db = (secret = 'secret') => {
    const c = new Client({ endpoint: new URL(server.url), secret, max_attempts: 1 });
    clients.push(c);
    return c;
  };
  const schema = (secret = 'secret') => {
    const c = new SchemaClient({ endpoint: server.url, secret });
    clients.push(c);
    return c;
  };
  const names = async (kind: string, secret?: string) => {
    const q = fql([`${kind}.all().pageSize(100) { name }`]);
    return (await page<{ name: string }>(db(secret), q)).map((d) => d.name);
  };
  /** The first page of a set query's answer, as plain objects. */
  const page = async <T = unknown>(c: Client, q: ReturnType<typeof fql>): Promise<T[]> =>
    ((await c.query(q)).data as unknown as { data: T[] }).data;
  const current = async (secret?: string) => {
    const files = (await schema(secret).pull()).files;
    return files.find((f) => f.name === 'main.fsl')?.content ?? '';
  };

  it('an active push adds a collection, a function, a role and an access provider', async () => {
    const s = schema();
    const base = await current();
    await s.update([{ name: 'main.fsl', content: base + SHIPMENT }], {
      version: (await s.list()).version,
    });
    assert.deepEqual(await names('Collection'), ['Product', 'Customer', 'Order', 'Shipment']);
    assert.ok((await names('Function')).includes('ship'));
    assert.ok((await names('Role')).includes('shipper'));
    assert.ok((await names('AccessProvider')).includes('carrierIdp'));

    const defs = await page<Record<string, unknown>>(
      db(),
      fql`Collection.all().pageSize(100) { name, indexes, constraints, computed_fields, fields }`,
    );
    const ship = defs.find((c) => c.name === 'Shipment');
    assert.ok(ship);
    assert.deepEqual(ship.indexes, {
      byCarrier: {
        terms: [{ field: '.carrier', mva: false }],
        values: [
          { field: '.ts', order: 'desc', mva: false },
          { field: '.tags', order: 'asc', mva: true },
        ],
        queryable: true,
        status: 'active',
      },
    });
    assert.deepEqual(ship.constraints, [
      { unique: [{ field: '.order', mva: false }], status: 'active' },
      { check: { name: 'hasCarrier', body: '(doc) => doc.carrier != ""' } },
    ]);
    assert.deepEqual(ship.fields, {
      order: { signature: 'Ref<Order>' },
      carrier: { signature: 'String', default: '"post"' },
    });
    assert.match(
      (ship.computed_fields as { late: { body: string } }).late.body,
      /^\(doc\) => \{\s+doc\.due < Time\.now\(\)\s+\}$/,
    );
    // The root database's documents of a kept collection stay; the new one starts empty.
    assert.equal((await page(db(), fql`Product.all()`)).length, 16);
    assert.deepEqual(await page(db(), fql`Shipment.all()`), []);
  });

  it('an active push that drops a collection removes it and its documents', async () => {
    const s = schema();
    const base = await current();
    const withoutProduct = base.replace(/collection Product \{[\s\S]*?\n\}\n/, '');
    assert.notEqual(withoutProduct, base);
    await s.update([{ name: 'main.fsl', content: withoutProduct }], {
      version: (await s.list()).version,
    });
    assert.deepEqual(await names('Collection'), ['Customer', 'Order']);
    await assert.rejects(
      db().query(fql`Product.all()`),
      (e: { code?: string; queryInfo?: { summary?: string } }) => {
        assert.equal(e.code, 'invalid_query');
        assert.match(e.queryInfo?.summary ?? '', /Unbound variable `Product`/);
        return true;
      },
    );
  });

  it('a staged push changes nothing until Commit; Commit applies it, keeping documents', async () => {
    const scoped = 'secret:shop/eu:admin';
    const s = schema(scoped);
    const base = await current(scoped);
    await s.update([{ name: 'main.fsl', content: `${base}\ncollection Parcel {\n}\n` }], {
      version: (await s.list()).version,
      staged: true,
    });
    assert.deepEqual(await names('Collection', scoped), ['Product']);
    await s.commit();
    assert.deepEqual(await names('Collection', scoped), ['Product', 'Parcel']);
    const docs = await page(db(scoped), fql`Product.all()`);
    assert.equal(docs.length, 16, "the child database's documents are kept");
  });

  it('an active push while a schema is staged replaces the staged schema; the active stays', async () => {
    const scoped = 'secret:staging:admin';
    const s = schema(scoped);
    const base = await current(scoped);
    await s.update([{ name: 'main.fsl', content: `${base}\ncollection A {\n}\n` }], {
      version: (await s.list()).version,
      staged: true,
    });
    await s.update([{ name: 'main.fsl', content: `${base}\ncollection B {\n}\n` }], {
      version: (await s.list()).version,
    });
    assert.equal((await s.status()).status, 'ready', 'still staged');
    assert.equal(await current(scoped), base, 'the active files are unchanged');
    const staged = (await s.pull({ staged: true })).files[0].content;
    assert.match(staged, /collection B/);
    assert.doesNotMatch(staged, /collection A/);
    assert.deepEqual(await names('Collection', scoped), ['Product']);
    await s.commit();
    assert.deepEqual(await names('Collection', scoped), ['Product', 'B']);
  });

  it('a push of the seeded files keeps the catalog as seeded (what the explorer shows)', async () => {
    const s = schema();
    const before = await db().query(
      fql`Collection.all().pageSize(100) { name, indexes, constraints, computed_fields, fields, history_days, ttl_days }`,
    );
    await s.update([{ name: 'main.fsl', content: `${await current()}\n` }], {
      version: (await s.list()).version,
    });
    const after = await db().query(
      fql`Collection.all().pageSize(100) { name, indexes, constraints, computed_fields, fields, history_days, ttl_days }`,
    );
    assert.deepEqual(after.data, before.data);
    assert.deepEqual(
      readFsl([['main.fsl', await current()]]).roles.map((r) => r.name),
      ['customer', 'manager'],
    );
  });
});

/** The fake's own FSL reader: tolerant, and only what the catalog keeps. */
describe('test server: its FSL reader', () => {
  it('skips comments and strings with braces, reads annotations, multi-line lists and predicates', () => {
    const items = readFsl([
      [
        'b.fsl',
        `/* a block comment { with a brace */
@alias(Parcels)
collection Parcel { // { not a block
  label: String = "}{"
  unique [
    .label,
    mva(.tags)
  ]
  ttl_days 7
}
access provider idp {
  issuer "https://idp.example/"
  jwks_uri "https://idp.example/jwks"
  role admin { predicate ((jwt) => jwt!.scope.includes("admin")) }
}`,
      ],
      ['a.fsl', 'function double(x) {\n  x * 2\n}\nrole reader {\n  membership Parcel\n}\n'],
    ]);
    assert.deepEqual(
      items.collections.map((c) => [c.name, c.alias, c.fields, c.constraints, c.ttl_days]),
      [
        [
          'Parcel',
          'Parcels',
          { label: { signature: 'String', default: '"}{"' } },
          [
            {
              unique: [
                { field: '.label', mva: false },
                { field: '.tags', mva: true },
              ],
              status: 'active',
            },
          ],
          7,
        ],
      ],
    );
    // Files in name order: a.fsl's function first.
    assert.deepEqual(items.functions, [{ name: 'double', body: '(x) => x * 2' }]);
    assert.deepEqual(items.roles, [{ name: 'reader', membership: [{ resource: 'Parcel' }] }]);
    assert.deepEqual(items.accessProviders, [
      {
        name: 'idp',
        issuer: 'https://idp.example/',
        jwks_uri: 'https://idp.example/jwks',
        roles: [{ role: 'admin', predicate: '(jwt) => jwt!.scope.includes("admin")' }],
      },
    ]);
  });
});
