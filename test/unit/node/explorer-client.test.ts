import { strict as assert } from 'node:assert';
import type { CollectionModel, FunctionModel, RoleModel } from '../../../src/core/fauna/explorer';
import { listQuery, parsePage } from '../../../src/core/fauna/explorer';
import {
  accessProviderFsl,
  collectionFsl,
  functionFsl,
  roleFsl,
} from '../../../src/core/fauna/fsl';
import { ExplorerClient } from '../../../src/node/fauna/explorer-client';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { startFaunaServer } from '../../fakes/fauna-server/server';
import { defaultSeed } from '../../fakes/fauna-server/catalog';

describe('database explorer: core parsing', () => {
  it('builds projected list queries', () => {
    assert.equal(
      listQuery('roles', 10),
      'Role.all().pageSize(10) { name, privileges, membership }',
    );
  });
  it('turns a malformed entry into a malformed item and a non-page into an error', () => {
    const page = parsePage('collections', {
      t: 'page',
      data: [{ t: 'object', fields: { name: null } }, 'x'],
      after: null,
    });
    assert.deepEqual(
      page.items.map((i) => i.kind),
      ['malformed', 'malformed'],
    );
    assert.throws(() => parsePage('roles', 'nope'), /expected a page of roles/);
  });
});

describe('database explorer: client against the test server', () => {
  let server: FaunaTestServer;
  before(async () => {
    server = await startFaunaServer();
  });
  after(() => server.close());

  it('refuses, before sending, a child database the secret cannot reach', async () => {
    // Secrets are built by core scopedSecret (test/unit/core/fauna/scoped-secret.test.ts);
    // here: what the tree gets when it refuses. A role-scoped secret would otherwise list
    // the parent's items under the child's node.
    const client = new ExplorerClient();
    try {
      const before = server.requests.length;
      for (const [secret, path, message] of [
        [
          'fnROLEKEY:@role/auditor',
          ['shop'],
          /^The secret is scoped to a role or a document \(KEY:…\), which cannot reach the child database shop; use the bare admin key\.$/,
        ],
        ['fnBADNAME', ['a:b'], /^"a:b" is not a database name a secret can reach/],
        ['', ['a:b'], /^"a:b" is not a database name a secret can reach/],
      ] as const) {
        const o = await client.list(
          { endpoint: server.url, secret },
          { path, kind: 'collections' },
        );
        assert.ok(!o.ok);
        assert.equal(o.error.code, 'invalid_scope');
        assert.match(o.error.message, message);
        assert.doesNotMatch(o.error.message, /fnROLEKEY|fnBADNAME/);
      }
      assert.equal(server.requests.length, before);
    } finally {
      client.close();
    }
  });

  it('lists collections with their indexes and constraints, and renders FSL', async () => {
    const client = new ExplorerClient();
    try {
      const o = await client.list(
        { endpoint: server.url, secret: 'secret' },
        { path: [], kind: 'collections' },
      );
      assert.ok(o.ok, o.ok ? '' : o.error.message);
      const names = o.page.items.map((i) => i.name);
      assert.deepEqual(names, ['Product', 'Customer', 'Order']);
      const product = o.page.items[0] as CollectionModel;
      assert.equal(product.indexes.length, 2);
      assert.equal(product.uniques.length, 1);
      assert.equal(product.checks[0].name, 'nonNegativePrice');
      assert.equal(
        collectionFsl(product),
        [
          'collection Product {',
          '  name: String',
          '  price: Int = 0',
          '  stock: Long?',
          '  rating: Double?',
          '  created: Time?',
          '  tags: Array<String> = []',
          '  compute inStock: Boolean = (doc) => doc.stock != null && doc.stock > 0',
          '  index byName {',
          '    terms [.name]',
          '    values [.price]',
          '  }',
          '  index sortedByPrice {',
          '    values [desc(.price)]',
          '  }',
          '  unique [.name]',
          '  check nonNegativePrice ((doc) => doc.price >= 0)',
          '  document_ttls true',
          '}',
          '',
        ].join('\n'),
      );
      const order = o.page.items[2] as CollectionModel;
      assert.match(collectionFsl(order), /history_days 30\n {2}ttl_days 365\n/);
    } finally {
      client.close();
    }
  });

  it('renders functions with @role, roles and access providers', async () => {
    const client = new ExplorerClient();
    const conn = { endpoint: server.url, secret: 'secret' };
    try {
      const f = await client.list(conn, { path: [], kind: 'functions' });
      assert.ok(f.ok);
      assert.equal(
        functionFsl(f.page.items[1] as FunctionModel),
        '@role(server)\nfunction restock(id: ID, n: Long): Product {\n  Product.byId(id)!.update({ stock: n })\n}\n',
      );
      const r = await client.list(conn, { path: [], kind: 'roles' });
      assert.ok(r.ok);
      assert.equal(
        roleFsl(r.page.items[0] as RoleModel),
        [
          'role customer {',
          '  privileges Product {',
          '    read',
          '  }',
          '  privileges Order {',
          '    read {',
          '      predicate ((doc) => doc.customer == Query.identity())',
          '    }',
          '    create',
          '  }',
          '  membership Customer',
          '}',
          '',
        ].join('\n'),
      );
      const a = await client.list(conn, { path: [], kind: 'accessProviders' });
      assert.ok(a.ok);
      assert.ok(a.page.items[0].kind === 'accessProvider');
      assert.match(
        accessProviderFsl(a.page.items[0]),
        /^access provider someIssuer \{\n {2}issuer "https:\/\/example.com\/"\n/,
      );
    } finally {
      client.close();
    }
  });

  it('reaches a child database through a scoped secret', async () => {
    const client = new ExplorerClient();
    const conn = { endpoint: server.url, secret: 'secret' };
    try {
      const d = await client.list(conn, { path: [], kind: 'databases' });
      assert.ok(d.ok);
      assert.deepEqual(
        d.page.items.map((i) => i.name),
        ['staging', 'tenants'],
      );
      const c = await client.list(conn, { path: ['tenants', 'acme'], kind: 'collections' });
      assert.ok(c.ok);
      assert.deepEqual(
        c.page.items.map((i) => i.name),
        ['Invoice'],
      );
      const missing = await client.list(conn, { path: ['nope'], kind: 'collections' });
      assert.ok(!missing.ok);
      assert.equal(missing.error.code, 'unauthorized');
      assert.ok(!missing.error.message.includes('secret:'), 'no secret in the message');
    } finally {
      client.close();
    }
  });

  it('pages through 1,000 collections with after cursors', async () => {
    const seed = defaultSeed();
    seed.collections = Array.from({ length: 1000 }, (_, i) => ({ name: `C${i}`, history_days: 0 }));
    const big = await startFaunaServer({ catalog: seed });
    const client = new ExplorerClient({ pageSize: 64 });
    try {
      const all = await client.listAll(
        { endpoint: big.url, secret: 'secret' },
        { path: [], kind: 'collections' },
      );
      assert.ok(all.ok);
      assert.equal(all.pages.length, 16);
      const names = all.pages.flatMap((p) => p.items.map((i) => i.name));
      assert.equal(names.length, 1000);
      assert.equal(new Set(names).size, 1000);
      assert.equal(names[999], 'C999');
    } finally {
      client.close();
      await big.close();
    }
  });

  it('reports a refused endpoint and a missing secret as errors', async () => {
    const client = new ExplorerClient();
    try {
      const o = await client.list(
        { endpoint: 'http://127.0.0.1:1', secret: 'secret' },
        { path: [], kind: 'roles' },
      );
      assert.ok(!o.ok);
      assert.equal(o.error.code, 'network');
      const n = await client.list(
        { endpoint: server.url, secret: undefined },
        { path: [], kind: 'roles' },
      );
      assert.ok(!n.ok);
      assert.equal(n.error.code, 'no_secret');
    } finally {
      client.close();
    }
  });
});
