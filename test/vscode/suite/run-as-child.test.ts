// Run Queries As… follows the FQL view into a child database, in a real extension host:
// after the Database view's Query This Collection on shop/eu's Product (the Fauna test
// server's fixture, test/fakes/fauna-server/child-documents.ts: role `clerk` exists in
// shop/eu only; the root has `customer` and `manager`, catalog.ts defaultSeed), the pick
// lists shop/eu's roles (read with the explorer's `KEY:shop/eu:admin`), its title names
// shop/eu, choosing clerk makes the view's next Run send `KEY:shop/eu:@role/clerk`; an
// editor run keeps to the folder's own database, where clerk is missing (a 401 naming
// it: one identity for both, docs/editor.md); with the view back in the root the pick
// lists the root's roles again.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../../src/extension/explorer/tree';
import { defaultSeed } from '../../fakes/fauna-server/catalog';
import { withShopDatabase } from '../../fakes/fauna-server/child-documents';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import type { FaunaConnection, Explorer } from './helpers';
import { api, connectFauna, waitFor, workspaceRoot } from './helpers';
import { shopEuProduct } from './explorer-child-query.test';
import { listed, moveTo, openPick } from './run-as.test';

const SECRET = 'fnRunAsChild-host-secret-6e03';

type Api = Awaited<ReturnType<typeof api>>;
type Controller = NonNullable<Api['fql']>['controller'];

function queryOf(body: unknown): string | undefined {
  return (body as { query?: { fql?: string[] } } | undefined)?.query?.fql?.join('');
}

/** The labels of the pick's user-defined role rows. */
function roleRows(items: readonly (vscode.QuickPickItem & { identity?: unknown })[]): string[] {
  return items
    .filter((i) => (i.identity as { kind?: string } | undefined)?.kind === 'role')
    .map((i) => i.label);
}

export function runAsChildTests(): void {
  suite("FQL: Run Queries As… lists the roles of the view's database", () => {
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
        envName: 'FAUNA_SECRET',
        // Run as goes back to own below, before the view's database (and no editor to close).
        closeEditors: false,
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
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await vscode.commands.executeCommand('flyFauna.chooseRunAs', { kind: 'own' });
      c?.setViewDatabase([]);
      await fauna?.disconnect();
    });
    setup(() => {
      server.requests.length = 0;
    });

    test("in shop/eu the pick lists shop/eu's roles; clerk chosen, the view's Run sends it", async () => {
      await vscode.commands.executeCommand('flyFauna.queryCollection', product);
      assert.deepEqual(c.viewDatabase, ['shop', 'eu']);
      server.requests.length = 0;

      const { picking, qp } = await openPick();
      await listed(qp, 'clerk');
      // Only shop/eu's roles: the root's customer and manager are not there.
      assert.deepEqual(roleRows(qp.items), ['clerk']);
      const listing = server.requests.find((r) => /Role\.all\(\)/.test(queryOf(r.body) ?? ''));
      assert.ok(listing, 'Role.all() was sent');
      assert.deepEqual(listing.identity, { database: ['shop', 'eu'], role: 'admin' });
      // The title, the separator and the placeholder say where the roles come from.
      assert.equal(qp.title, `Run FQL queries as · roles of shop/eu at ${server.url} (folder app)`);
      assert.ok(
        qp.items.some(
          (i) =>
            i.kind === vscode.QuickPickItemKind.Separator &&
            i.label === 'User-defined roles of shop/eu',
        ),
      );
      assert.match(qp.placeholder ?? '', /Roles of shop\/eu, where the FQL view runs/);
      assert.ok(!JSON.stringify([qp.title, qp.placeholder, qp.items]).includes(SECRET));

      // Down to clerk (quickInput.next, the Down arrow's command) and Enter.
      await moveTo(qp, 'clerk', 'quickInput.next');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.deepEqual(await picking, { kind: 'role', name: 'clerk' });
      // The confirmation says whose role it is and where editor runs go.
      assert.equal(
        (await api()).fql?.runAs.lastNotice,
        'FQL queries now run as role clerk. It is a role of shop/eu, where the FQL view runs; ' +
          ".fql files and templates run in the folder's own database, which may not have it.",
      );

      // The view's own Run (the webview's run message) goes to shop/eu as clerk.
      server.requests.length = 0;
      await c.receive({
        type: 'run',
        requestId: 'runas-child-1',
        query: 'Product.all().pageSize(2)',
        arguments: '',
        typecheck: false,
      });
      const req = server.requests.find((r) => queryOf(r.body) === 'Product.all().pageSize(2)');
      assert.ok(req, 'the view run was sent');
      assert.deepEqual(req.identity, { database: ['shop', 'eu'], role: '@role/clerk' });
      assert.equal(c.lastOutcomeMessage?.type, 'result');
      assert.equal(c.lastOutcomeMessage?.runAs, 'as role clerk');
      assert.equal(c.lastOutcomeMessage?.database, 'shop/eu');

      // One identity for the view and the editor: an editor run stays in the folder's own
      // database, which has no clerk; the 401 names the role, not the secret.
      const fromFile = await c.runFromEditor({
        query: '1 + 1',
        origin: 'file',
        uri: workspaceRoot(),
      });
      assert.equal(fromFile.ok, false);
      assert.match(
        fromFile.ok ? '' : fromFile.error.message,
        /did not accept running as role clerk \(401 unauthorized\): there is no role 'clerk'/,
      );
      assert.ok(!(fromFile.ok ? '' : fromFile.error.message).includes(SECRET));
      assert.deepEqual(c.viewDatabase, ['shop', 'eu'], 'the chip is untouched');
    });

    test("back in the folder's own database the pick lists the root's roles again", async () => {
      await vscode.commands.executeCommand('flyFauna.queryCollection', product);
      assert.deepEqual(c.viewDatabase, ['shop', 'eu']);
      // The chip's × (the webview sends only clearDatabase).
      await c.receive({ type: 'clearDatabase' });
      assert.deepEqual(c.viewDatabase, []);
      server.requests.length = 0;

      const { picking, qp } = await openPick();
      await listed(qp, 'manager');
      assert.deepEqual(roleRows(qp.items), ['customer', 'manager']);
      const listing = server.requests.find((r) => /Role\.all\(\)/.test(queryOf(r.body) ?? ''));
      assert.deepEqual(listing?.identity, { database: [], role: 'admin' });
      assert.equal(qp.title, `Run FQL queries as · roles of ${server.url} (folder app)`);
      assert.ok(qp.items.some((i) => i.label === 'User-defined roles'));
      assert.doesNotMatch(qp.placeholder ?? '', /shop/);
      // clerk is still the identity (it is one setting), and the pick says so.
      assert.match(qp.placeholder ?? '', /^Now: as role clerk\. /);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.equal(await picking, undefined);
      // A built-in role chosen here is confirmed plainly (it exists in every database).
      const again = await openPick();
      await listed(again.qp, 'manager');
      await moveTo(again.qp, 'server-readonly', 'quickInput.next');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.deepEqual(await again.picking, { kind: 'builtin', role: 'server-readonly' });
      assert.equal(
        (await api()).fql?.runAs.lastNotice,
        'FQL queries now run as built-in role server-readonly.',
      );
      await waitFor('the pick closed', async () =>
        (await api()).fql?.runAs.pick === undefined ? true : undefined,
      );
    });
  });
}
