// The Database explorer in a real extension host, against the Fauna test server started
// here: the tree's groups, collections of the default seed, a collection's indexes, a
// child database through a scoped secret, errors as one item without the secret, Open
// Definition's FSL document and Query This Collection's result in the FQL view. In
// restricted mode: one item, and no request reaches the server.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../../src/extension/explorer/tree';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { startFaunaServer } from '../../fakes/fauna-server/server';
import type { FaunaConnection, Explorer } from './helpers';
import { api, connectFauna, waitFor, treeLabel as label, treeChild as child } from './helpers';

async function explorer(): Promise<Explorer> {
  const e = (await api()).explorer;
  assert.ok(e, 'activate() exposes the explorer');
  return e;
}

async function children(e: Explorer, n?: ExplorerNode): Promise<ExplorerNode[]> {
  return e.provider.getChildren(n);
}

export function explorerTests(): void {
  suite('Database explorer', () => {
    let fauna: FaunaConnection;
    let server: FaunaTestServer;
    suiteSetup(async () => {
      // The folder is connected by each test (some with another secret or endpoint).
      fauna = await connectFauna({ secrets: ['secret'], secret: null, refreshExplorer: true });
      server = fauna.server;
    });
    suiteTeardown(async () => {
      await fauna?.disconnect();
    });

    test('nothing is queried until the view expands', async () => {
      const e = await explorer();
      assert.equal(e.provider.queries, 0, 'no explorer query at activation');
    });

    test('root: the connection, then the groups; collections of the seed; indexes', async () => {
      const e = await explorer();
      await fauna.connect();
      e.provider.refresh();
      const root = await children(e);
      assert.deepEqual(
        root.map((n) => label(e, n)),
        [server.url, 'Databases', 'Collections', 'Functions', 'Roles', 'Access Providers'],
      );
      const collections = await child(e, undefined, 'Collections');
      assert.deepEqual(
        (await children(e, collections)).map((n) => label(e, n)),
        ['Product', 'Customer', 'Order'],
      );
      const product = await child(e, collections, 'Product');
      assert.equal(e.provider.getTreeItem(product).contextValue, 'collection');
      assert.deepEqual(
        (await children(e, product)).map((n) => label(e, n)),
        ['Indexes', 'Unique constraints', 'Checks', 'Computed fields'],
      );
      const indexes = await children(e, await child(e, product, 'Indexes'));
      assert.deepEqual(
        indexes.map((n) => [label(e, n), e.provider.getTreeItem(n).description]),
        [
          ['byName', 'terms [.name] values [.price]'],
          ['sortedByPrice', 'values [desc(.price)]'],
        ],
      );
      const checks = await children(e, await child(e, product, 'Checks'));
      assert.deepEqual(
        checks.map((n) => label(e, n)),
        ['nonNegativePrice'],
      );
      const functions = await children(e, await child(e, undefined, 'Functions'));
      assert.ok(functions.some((n) => label(e, n) === 'restock'));
    });

    test('a child database lists its own collections through a scoped secret', async () => {
      const e = await explorer();
      const staging = await child(e, await child(e, undefined, 'Databases'), 'staging');
      const groups = await children(e, staging);
      assert.deepEqual(
        groups.map((n) => label(e, n)),
        ['Databases', 'Collections', 'Functions', 'Roles', 'Access Providers'],
      );
      const cols = await children(e, await child(e, staging, 'Collections'));
      assert.deepEqual(
        cols.map((n) => label(e, n)),
        ['Product'],
      );
      // The staging database's own catalog (one collection), reached with the root key.
      const last = server.requests.at(-1)!;
      assert.equal(last.authorized, true);
      assert.equal(last.secretIndex, 0);
    });

    test('Open Definition opens a read-only FSL document', async () => {
      const e = await explorer();
      const product = await child(e, await child(e, undefined, 'Collections'), 'Product');
      await vscode.commands.executeCommand('flyFauna.openDefinition', product);
      const editor = await waitFor('the FSL editor', () =>
        vscode.window.activeTextEditor?.document.uri.scheme === 'fly-fauna-fsl'
          ? vscode.window.activeTextEditor
          : undefined,
      );
      assert.equal(editor.document.languageId, 'fsl');
      assert.ok(
        editor.document.getText().startsWith('collection Product {\n'),
        editor.document.getText(),
      );
      // A content provider's document: VS Code opens it read-only.
      assert.equal(vscode.workspace.fs.isWritableFileSystem('fly-fauna-fsl'), undefined);
    });

    test('Query This Collection shows its documents in the FQL view', async () => {
      const e = await explorer();
      const fql = (await api()).fql;
      assert.ok(fql);
      // Product: the test server keeps documents for it only.
      const product = await child(e, await child(e, undefined, 'Collections'), 'Product');
      const before = server.requests.length;
      const previous = fql.controller.shownResult;
      await vscode.commands.executeCommand('flyFauna.queryCollection', product);
      const req = server.requests.slice(before).find((r) => {
        const q = (r.body as { query?: { fql?: string[] } } | undefined)?.query?.fql?.[0];
        return q === 'Product.all()';
      });
      assert.ok(req, 'Product.all() was sent');
      const shown = await waitFor('the result in the view', () =>
        fql.controller.shownResult !== previous
          ? (fql.controller.shownResult ?? undefined)
          : undefined,
      );
      assert.equal(shown.staticType, 'Set<Product>');
      // The server's default page (16) of the 40 seeded products.
      const shownPage = shown.data as { t: string; data: unknown[] };
      assert.equal(shownPage.t, 'page');
      assert.equal(shownPage.data.length, 16);
      // A collection in a child database: explorer-child-query.test.ts.
    });

    test('an unauthorized secret and a refused endpoint become one error item, no secret shown', async () => {
      const e = await explorer();
      await fauna.connect('fnWrong-secret-91');
      e.provider.refresh();
      const groups = await children(e);
      const items = await children(
        e,
        groups.find((n) => label(e, n) === 'Collections'),
      );
      assert.equal(items.length, 1);
      const t = e.provider.getTreeItem(items[0]);
      assert.equal(t.contextValue, 'error');
      assert.doesNotMatch(label(e, items[0]), /fnWrong/);
      assert.match(label(e, items[0]), /secret|unauthori[sz]ed|401/i);

      await fauna.connect('fnWrong-secret-91', 'http://127.0.0.1:1');
      e.provider.refresh();
      const refused = await children(e, await child(e, undefined, 'Roles'));
      assert.equal(refused.length, 1);
      assert.equal(e.provider.getTreeItem(refused[0]).contextValue, 'error');
      assert.doesNotMatch(label(e, refused[0]), /fnWrong/);
    });

    test('a server key sees the collections, and rows that databases and roles need an admin key', async () => {
      // The core filters what a server key may not read out of the lists, with no error
      // (test/fakes/fauna-server/run-as.ts, permissions.ts cite it).
      const e = await explorer();
      await fauna.connect('secret:server');
      e.provider.refresh();
      const cols = await children(e, await child(e, undefined, 'Collections'));
      assert.deepEqual(
        cols.map((n) => label(e, n)),
        ['Product', 'Customer', 'Order'],
      );
      const dbs = await children(e, await child(e, undefined, 'Databases'));
      assert.equal(dbs.length, 1);
      const row = e.provider.getTreeItem(dbs[0]);
      assert.equal(label(e, dbs[0]), 'No databases');
      assert.equal(row.contextValue, 'message');
      assert.equal(row.description, 'child databases are listed only for an admin key');
      const roles = await children(e, await child(e, undefined, 'Roles'));
      assert.equal(
        e.provider.getTreeItem(roles[0]).description,
        'roles are listed only for an admin key',
      );
      assert.equal(server.requests.at(-1)?.identity?.role, 'server');
      for (const n of [...dbs, ...roles]) {
        const tip = e.provider.getTreeItem(n).tooltip;
        assert.doesNotMatch(typeof tip === 'string' ? tip : (tip?.value ?? ''), /secret:/);
      }
    });

    test('a long list shows one page, then Load more… appends the next', async () => {
      const e = await explorer();
      const many = await startFaunaServer({
        secrets: ['secret'],
        catalog: {
          collections: Array.from({ length: 60 }, (_, i) => ({
            name: `C${String(i).padStart(2, '0')}`,
            history_days: 0,
          })),
        },
      });
      try {
        await fauna.connect('secret', many.url);
        e.provider.refresh();
        const group = await child(e, undefined, 'Collections');
        const first = await children(e, group);
        assert.equal(first.length, 51);
        const more = first.at(-1)!;
        assert.equal(label(e, more), 'Load more…');
        const changed = new Promise<void>((resolve) => {
          const sub = e.provider.onDidChangeTreeData((n) => {
            if (n === group) {
              sub.dispose();
              resolve();
            }
          });
        });
        await vscode.commands.executeCommand(
          e.provider.getTreeItem(more).command!.command,
          ...(e.provider.getTreeItem(more).command!.arguments ?? []),
        );
        await changed;
        const all = await children(e, group);
        assert.equal(all.length, 60);
        assert.deepEqual([label(e, all[0]), label(e, all[59])], ['C00', 'C59']);
      } finally {
        await many.close();
      }
    });
  });
}

export function explorerUntrustedTests(): void {
  suite('Database explorer in an untrusted workspace', () => {
    test('one item says queries are off; nothing reaches the server', async () => {
      assert.equal(vscode.workspace.isTrusted, false);
      const fauna = await connectFauna({ secrets: ['secret'] });
      const server = fauna.server;
      try {
        const e = await explorer();
        e.provider.refresh();
        const root = await children(e);
        assert.equal(root.length, 1);
        assert.match(label(e, root[0]), /Restricted Mode/);
        const group: ExplorerNode = { type: 'group', path: [], kind: 'collections' };
        assert.deepEqual(await children(e, group), []);
        await e.provider.loadMore([], 'collections');
        const product: ExplorerNode = {
          type: 'item',
          path: [],
          item: {
            kind: 'collection',
            name: 'Product',
            alias: null,
            fields: [],
            computed: [],
            wildcard: null,
            indexes: [],
            uniques: [],
            checks: [],
            historyDays: null,
            ttlDays: null,
            documentTtls: null,
            migrations: null,
          },
        };
        await vscode.commands.executeCommand('flyFauna.queryCollection', product);
        assert.equal(e.provider.queries, 0);
        assert.equal(server.requests.length, 0);
      } finally {
        await fauna.disconnect();
      }
    });
  });
}
