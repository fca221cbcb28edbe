// Query This Collection on a collection in a child database, in a real extension host:
// the Database view expands Databases › shop › Databases › eu › Collections › Product of
// the Fauna test server's `shop/eu` fixture (test/fakes/fauna-server/child-documents.ts),
// the FQL view runs `Product.all()` there through the scoped secret `KEY:shop/eu:admin`
// (auth.ts resolves it; the recorded request carries the database path, never the key),
// the rows are the documents that exist only in shop/eu, the result says "in database
// shop/eu", Load more follows the path; a run-as role combines with it, a role missing
// there is a clear 401 naming the path, and a normal run stays in the folder's database.
// The FQL view keeps the database: its own Run (the webview's run message) goes to
// shop/eu, shown by a "Database: shop/eu" chip, until its × (clicked in the real webview
// when the runner can) or a new endpoint returns it to the root; editor runs stay there.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { toPlain } from '../../../src/core/fql/value';
import type { FqlValue } from '../../../src/core/fql/value';
import type { ExplorerNode } from '../../../src/extension/explorer/tree';
import { defaultSeed } from '../../fakes/fauna-server/catalog';
import { withShopDatabase } from '../../fakes/fauna-server/child-documents';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { pictureLayout } from './fql.test';
import type { FaunaConnection, Explorer } from './helpers';
import {
  api,
  canDriveUi,
  connectFauna,
  screenshot,
  ui,
  waitFor,
  workspaceRoot,
  treeChild as child,
} from './helpers';

const SECRET = 'fnChildQuery-host-secret-4417';

type Api = Awaited<ReturnType<typeof api>>;
type Controller = NonNullable<Api['fql']>['controller'];

/** The Database view's node of shop/eu's Product (withShopDatabase), expanded down to it. */
export async function shopEuProduct(e: Explorer): Promise<ExplorerNode> {
  const shop = await child(e, await child(e, undefined, 'Databases'), 'shop');
  const eu = await child(e, await child(e, shop, 'Databases'), 'eu');
  return child(e, await child(e, eu, 'Collections'), 'Product');
}

/** The document names of a shown page (`{data: [...]}` plain). */
function names(data: FqlValue): string[] {
  const page = toPlain(data) as { data: Array<{ name?: string }> };
  return page.data.map((d) => String(d.name));
}

function queryOf(body: unknown): string | undefined {
  return (body as { query?: { fql?: string[] } } | undefined)?.query?.fql?.join('');
}

export function explorerChildQueryTests(): void {
  suite('Database explorer: Query This Collection in a child database', () => {
    let fauna: FaunaConnection;
    let server: FaunaTestServer;
    let e: Explorer;
    let c: Controller;
    let product: ExplorerNode;

    suiteSetup(async () => {
      fauna = await connectFauna({
        secrets: [SECRET],
        catalog: withShopDatabase(defaultSeed()),
        secret: SECRET,
        runAsOwn: true,
        refreshExplorer: true,
      });
      server = fauna.server;
      await vscode.commands.executeCommand('flyFauna.chooseRunAs', { kind: 'own' });
      const a = await api();
      assert.ok(a.explorer && a.fql);
      e = a.explorer;
      c = a.fql.controller;
      e.provider.refresh();
      product = await shopEuProduct(e);
    });
    suiteTeardown(async () => {
      await fauna?.disconnect();
    });
    setup(() => {
      server.requests.length = 0;
    });

    test('runs in the child database: its documents, the path in the label, Load more there', async () => {
      const previous = c.shownResult;
      await vscode.commands.executeCommand('flyFauna.queryCollection', product);
      const shown = await waitFor('the result in the view', () =>
        c.shownResult !== previous ? (c.shownResult ?? undefined) : undefined,
      );
      const req = server.requests.find((r) => queryOf(r.body) === 'Product.all()');
      assert.ok(req, 'Product.all() was sent');
      assert.deepEqual(req.identity, { database: ['shop', 'eu'], role: 'admin' });
      // Documents that exist only in shop/eu (the root's are "Product N"), the default page.
      const first = names(shown.data);
      assert.equal(first.length, 16);
      assert.deepEqual(first.slice(0, 2), ['EU product 1', 'EU product 2']);
      assert.equal(c.lastOutcomeMessage?.type, 'result');
      assert.equal(c.lastOutcomeMessage?.database, 'shop/eu');
      assert.equal(c.lastOutcomeMessage?.runAs, undefined);
      if (canDriveUi()) {
        await ui({
          kind: 'webview-text',
          selector: '#run-as',
          pattern: '^Ran in database shop/eu$',
        });
      }

      // Load more: the next page in the same database (the cursor is tied to it).
      server.requests.length = 0;
      await c.loadMore();
      const more = server.requests.find((r) => /^Set\.paginate\(/.test(queryOf(r.body) ?? ''));
      assert.ok(more, 'Set.paginate was sent');
      assert.deepEqual(more.identity, { database: ['shop', 'eu'], role: 'admin' });
      assert.equal(c.lastOutcomeMessage?.type, 'result');
      assert.equal(c.lastOutcomeMessage?.database, 'shop/eu');
      const all = names(c.shownResult!.data);
      assert.equal(all.length, 20);
      assert.equal(all[19], 'EU product 20');
      assert.ok(!JSON.stringify(c.lastOutcomeMessage).includes(SECRET));
    });

    test('a normal run still runs in the folder database, unlabelled', async () => {
      const out = await c.run({ query: 'Product.all().pageSize(1)', origin: 'view' });
      assert.equal(out.ok, true);
      assert.deepEqual(server.requests.at(-1)?.identity, { database: [], role: 'admin' });
      assert.equal(c.lastOutcomeMessage?.database, undefined);
      if (out.ok) assert.deepEqual(names(out.result.data), ['Product 1']);
    });

    test("the view's own Run follows it into shop/eu until the chip is cleared", async () => {
      await vscode.commands.executeCommand('flyFauna.queryCollection', product);
      assert.deepEqual(c.viewDatabase, ['shop', 'eu']);
      if (canDriveUi()) {
        await ui({
          kind: 'webview-text',
          selector: '#database-text',
          pattern: '^Database: shop/eu$',
        });
      }
      if (process.env.FLY_FAUNA_TEST_SCREENSHOTS === '1') {
        const restore = await pictureLayout();
        // The Database view collapsed too, so the FQL view shows the result under the chip.
        await ui({ kind: 'click-view-header', view: 'Database' });
        await screenshot('fql-database-chip');
        await ui({ kind: 'click-view-header', view: 'Database' });
        await restore();
      }

      // The user edits the query beside the shop/eu result and presses Run in the view.
      const viewRun = async (query: string, requestId: string, extra = {}) => {
        server.requests.length = 0;
        await c.receive({
          type: 'run',
          requestId,
          query,
          arguments: '',
          typecheck: false,
          ...extra,
        });
        const req = server.requests.find((r) => queryOf(r.body) === query);
        assert.ok(req, `${query} was sent`);
        return req;
      };
      let req = await viewRun('Product.all().pageSize(3)', 'view-run-1');
      assert.deepEqual(req.identity, { database: ['shop', 'eu'], role: 'admin' });
      assert.equal(c.lastOutcomeMessage?.type, 'result');
      assert.equal(c.lastOutcomeMessage?.database, 'shop/eu');
      assert.deepEqual(names(c.shownResult!.data), [
        'EU product 1',
        'EU product 2',
        'EU product 3',
      ]);
      if (canDriveUi()) {
        await ui({
          kind: 'webview-text',
          selector: '#run-as',
          pattern: '^Ran in database shop/eu$',
        });
      }

      // An editor run (a .fql file) keeps to the folder's own database, chip untouched.
      server.requests.length = 0;
      const fromFile = await c.runFromEditor({
        query: 'Product.all().pageSize(1)',
        origin: 'file',
        uri: workspaceRoot(),
      });
      assert.equal(fromFile.ok, true);
      assert.deepEqual(server.requests.at(-1)?.identity, { database: [], role: 'admin' });
      assert.deepEqual(c.viewDatabase, ['shop', 'eu']);

      // The chip's ×: the webview sends only clearDatabase; the next view Run is the root's.
      if (canDriveUi()) await ui({ kind: 'webview-click', selector: '#clear-database' });
      else await c.receive({ type: 'clearDatabase' });
      await waitFor('the view database cleared', () =>
        c.viewDatabase.length === 0 ? true : undefined,
      );
      req = await viewRun('Product.all().pageSize(2)', 'view-run-2');
      assert.deepEqual(req.identity, { database: [], role: 'admin' });
      assert.equal(c.lastOutcomeMessage?.database, undefined);
      assert.deepEqual(names(c.shownResult!.data), ['Product 1', 'Product 2']);

      // A run message naming a database itself is not obeyed (the webview cannot pick one).
      req = await viewRun('Product.all().pageSize(1)', 'view-run-3', { database: ['shop', 'eu'] });
      assert.deepEqual(req.identity, { database: [], role: 'admin' });
    });

    test('a new endpoint returns the view to the folder database', async () => {
      await vscode.commands.executeCommand('flyFauna.queryCollection', product);
      assert.deepEqual(c.viewDatabase, ['shop', 'eu']);
      const config = vscode.workspace.getConfiguration('flyFauna.fauna');
      await config.update('endpoint', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Workspace);
      try {
        await waitFor('the view database reset', () =>
          c.viewDatabase.length === 0 ? true : undefined,
        );
      } finally {
        await config.update('endpoint', server.url, vscode.ConfigurationTarget.Workspace);
      }
      server.requests.length = 0;
      await c.receive({
        type: 'run',
        requestId: 'view-run-4',
        query: 'Product.all().pageSize(1)',
        arguments: '',
        typecheck: false,
      });
      assert.equal(c.lastOutcomeMessage?.type, 'result');
      assert.deepEqual(server.requests.at(-1)?.identity, { database: [], role: 'admin' });
    });

    test('a run-as role of the child database combines with its path', async () => {
      await vscode.commands.executeCommand('flyFauna.chooseRunAs', { kind: 'role', name: 'clerk' });
      await vscode.commands.executeCommand('flyFauna.queryCollection', product);
      const req = server.requests.find((r) => queryOf(r.body) === 'Product.all()');
      assert.deepEqual(req?.identity, { database: ['shop', 'eu'], role: '@role/clerk' });
      assert.equal(c.lastOutcomeMessage?.type, 'result');
      assert.equal(c.lastOutcomeMessage?.runAs, 'as role clerk');
      assert.equal(c.lastOutcomeMessage?.database, 'shop/eu');
      if (canDriveUi()) {
        await ui({
          kind: 'webview-text',
          selector: '#run-as',
          pattern: '^Ran as role clerk in database shop/eu$',
        });
      }
    });

    test('a role the child database lacks is a clear 401 naming the path, not the secret', async () => {
      // `manager` exists in the root database only (catalog.ts defaultSeed).
      await vscode.commands.executeCommand('flyFauna.chooseRunAs', {
        kind: 'role',
        name: 'manager',
      });
      const out = await vscode.commands.executeCommand<
        { ok: boolean; error?: { code: string; message: string } } | undefined
      >('flyFauna.queryCollection', product);
      assert.equal(out?.ok, false);
      assert.equal(out?.error?.code, 'unauthorized');
      assert.match(out?.error?.message ?? '', /running as role manager in database shop\/eu/);
      assert.match(out?.error?.message ?? '', /no database shop\/eu .*no role 'manager'/);
      assert.equal(c.lastOutcomeMessage?.type, 'error');
      assert.equal(c.lastOutcomeMessage?.database, 'shop/eu');
      assert.ok(!JSON.stringify(c.lastOutcomeMessage).includes(SECRET));
      assert.ok(!JSON.stringify(c.lastOutcomeMessage).includes('fnChildQuery'));
    });
  });
}
