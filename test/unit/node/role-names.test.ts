// Run Queries As…'s role listing against the Fauna test server: every page of
// Role.all() (the explorer's page size, then Set.paginate with each `after`), capped.
import { strict as assert } from 'node:assert';
import { EXPLORER_PAGE_SIZE } from '../../../src/core/fauna/explorer';
import { ExplorerClient } from '../../../src/node/fauna/explorer-client';
import { ROLE_LIST_CAP, listRoleNames } from '../../../src/node/fauna/role-names';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { startFaunaServer } from '../../fakes/fauna-server/server';
import { defaultSeed } from '../../fakes/fauna-server/catalog';

const SECRET = 'fnRoleNames-unit-3c1e';
/** 2 seeded roles + 128 more: three pages of 50. */
const EXTRA = 128;
const filler = (i: number) => `r${String(i).padStart(3, '0')}`;

describe('Run as: listing the database roles', () => {
  let server: FaunaTestServer;
  const conn = () => ({ endpoint: server.url, secret: SECRET });
  before(async () => {
    const catalog = defaultSeed();
    catalog.roles = [
      ...(catalog.roles ?? []),
      ...Array.from({ length: EXTRA }, (_, i) => ({ name: filler(i) })),
    ];
    catalog.databases!.staging.roles = [
      ...(catalog.databases!.staging.roles ?? []),
      { name: 'childOnly' },
    ];
    server = await startFaunaServer({ secrets: [SECRET], catalog });
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });
  const queries = () =>
    server.requests.map((r) => (r.body as { query: { fql: string[] } | string }).query);

  it('reads every page, in order, with the after cursors', async () => {
    assert.equal(EXPLORER_PAGE_SIZE, 50, 'the page size this test is built on');
    const client = new ExplorerClient();
    try {
      const out = await listRoleNames(client, conn());
      assert.ok(out.ok, out.ok ? '' : out.error.message);
      assert.equal(out.more, false);
      assert.equal(out.names.length, 2 + EXTRA);
      assert.deepEqual(out.names.slice(0, 3), ['customer', 'manager', filler(0)]);
      assert.equal(out.names.at(-1), filler(EXTRA - 1));
      assert.equal(new Set(out.names).size, out.names.length, 'no page twice');
      const q = queries();
      assert.equal(q.length, 3);
      assert.match(JSON.stringify(q[0]), /Role\.all\(\)\.pageSize\(50\)/);
      for (const later of q.slice(1)) assert.match(JSON.stringify(later), /Set\.paginate/);
    } finally {
      client.close();
    }
  });

  it('stops at the cap and says more exist', async () => {
    assert.equal(ROLE_LIST_CAP, 1000);
    const client = new ExplorerClient();
    try {
      // Mid-page: the names past the cap are dropped.
      const mid = await listRoleNames(client, conn(), { cap: 60 });
      assert.ok(mid.ok);
      assert.deepEqual([mid.names.length, mid.more], [60, true]);
      assert.equal(server.requests.length, 2);
      // On a page boundary: the next page is not asked for.
      server.requests.length = 0;
      const edge = await listRoleNames(client, conn(), { cap: 100 });
      assert.ok(edge.ok);
      assert.deepEqual([edge.names.length, edge.more], [100, true]);
      assert.equal(server.requests.length, 2);
      // Exactly all of them: nothing more.
      const all = await listRoleNames(client, conn(), { cap: 2 + EXTRA });
      assert.ok(all.ok);
      assert.deepEqual([all.names.length, all.more], [2 + EXTRA, false]);
    } finally {
      client.close();
    }
  });

  it("lists a child database's roles through the path", async () => {
    const client = new ExplorerClient();
    try {
      const out = await listRoleNames(client, conn(), { path: ['staging'] });
      assert.ok(out.ok);
      assert.deepEqual(out.names, ['tester', 'childOnly']);
      assert.deepEqual(server.requests[0].identity, { database: ['staging'], role: 'admin' });
    } finally {
      client.close();
    }
  });

  it('a refused secret is an error that does not show the secret', async () => {
    const client = new ExplorerClient();
    try {
      const out = await listRoleNames(client, { endpoint: server.url, secret: 'wrong-key-77' });
      assert.ok(!out.ok);
      assert.equal(out.error.code, 'unauthorized');
      assert.ok(!out.error.message.includes('wrong-key-77'));
    } finally {
      client.close();
    }
  });

  it('an aborted listing stops', async () => {
    const client = new ExplorerClient();
    try {
      const ac = new AbortController();
      ac.abort();
      const out = await listRoleNames(client, conn(), { signal: ac.signal });
      assert.ok(!out.ok);
      assert.equal(out.error.code, 'cancelled');
    } finally {
      client.close();
    }
  });
});
