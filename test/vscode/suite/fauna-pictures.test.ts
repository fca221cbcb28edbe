// The README's pictures of the Fauna side (docs/screenshots/explorer.png, fql-run-as.png,
// schema-diff.png, fsl-outline.png), staged in the real extension host against the Fauna
// test server's default seed (test/fakes/fauna-server/catalog.ts defaultSeed) and taken
// by the runner's browser with --screenshots. Without it the same steps run and assert
// what the pictures show (in CI, in the main group). Everything made here is removed
// again: .env, schema/, the .fql file, the settings, the Run as choice, the layout.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { SchemaClient } from '../../../src/node/fauna/schema-client';
import type { FaunaConnection } from './helpers';
import {
  api,
  canDriveUi,
  connectFauna,
  screenshot,
  ui,
  waitFor,
  workspaceRoot,
  treeChild as child,
  treeLabels as labels,
} from './helpers';

const enc = (s: string) => new TextEncoder().encode(s);
const at = (...p: string[]) => vscode.Uri.joinPath(workspaceRoot(), ...p);

/** What the suite writes into the workspace besides .env (removed by clear()). */
const RUN_AS_FILE = 'customer.fql';
const MADE = [RUN_AS_FILE, 'schema'];

/** How much wider the side bar is in the pictures, in the workbench's 60 px steps. */
const WIDER_SIDE_BAR_STEPS = 3;
/** The FQL view's picture: as wide as in fql-view.png (fql.test.ts). */
const WIDER_FQL_STEPS = 7;

/** Clicks a view's header (collapses or expands it) when the runner can. */
async function toggleView(view: string): Promise<void> {
  if (canDriveUi()) await ui({ kind: 'click-view-header', view });
}

/** Waits until a row whose text matches `pattern` is drawn in a tree or list. */
async function rowShown(pattern: string): Promise<void> {
  if (canDriveUi()) await ui({ kind: 'webview-text', selector: '.monaco-list-row', pattern });
}

const run = (cmd: string, ...args: unknown[]) => vscode.commands.executeCommand(cmd, ...args);

/** `n` times `list.focusDown` in the focused tree. */
async function down(n = 1): Promise<void> {
  for (let i = 0; i < n; i++) await run('list.focusDown');
}

export function faunaPictureTests(): void {
  suite('README pictures: the Fauna side', () => {
    let fauna: FaunaConnection;
    let server: FaunaTestServer;
    suiteSetup(async () => {
      fauna = await connectFauna({
        secrets: ['secret'],
        secret: null,
        files: MADE,
        runAsOwn: true,
        refreshExplorer: true,
      });
      server = fauna.server;
      await fauna.clear();
      await fauna.connect();
      await run('workbench.action.closePanel');
      await run('notifications.clearAll');
    });
    suiteTeardown(async () => {
      await fauna?.disconnect();
    });

    test('the Database view expanded on a database, and Open Definition beside it', async () => {
      const e = (await api()).explorer;
      assert.ok(e, 'activate() exposes the explorer');
      e.provider.refresh();
      // What the picture shows, from the tree's own provider.
      assert.deepEqual(await labels(e, await child(e, undefined, 'Databases')), [
        'staging',
        'tenants',
      ]);
      const collections = await child(e, undefined, 'Collections');
      assert.deepEqual(await labels(e, collections), ['Product', 'Customer', 'Order']);
      const product = await child(e, collections, 'Product');
      assert.deepEqual(await labels(e, product), [
        'Indexes',
        'Unique constraints',
        'Checks',
        'Computed fields',
      ]);
      assert.deepEqual(await labels(e, await child(e, product, 'Indexes')), [
        'byName',
        'sortedByPrice',
      ]);
      assert.deepEqual(await labels(e, await child(e, undefined, 'Functions')), [
        'productsUnder',
        'restock',
      ]);
      assert.deepEqual(await labels(e, await child(e, undefined, 'Roles')), [
        'customer',
        'manager',
      ]);

      // No minimap: the definition's longest line fits beside the tree.
      const editorConfig = vscode.workspace.getConfiguration('editor');
      await editorConfig.update('minimap.enabled', false, vscode.ConfigurationTarget.Workspace);
      await run('flyFauna.explorer.focus');
      await toggleView('Regions');
      await toggleView('FQL');
      for (let i = 0; i < WIDER_SIDE_BAR_STEPS; i++)
        await run('workbench.action.decreaseViewWidth');
      try {
        // Expand by keyboard, row by row (a tree view's nodes expand only from the
        // workbench: the provider has no getParent, so no reveal).
        await run('flyFauna.explorer.focus');
        await run('list.focusFirst'); // the connection
        await down(); // Databases
        await run('list.expand');
        await rowShown('^tenants');
        await down(3); // staging, tenants, Collections
        await run('list.expand');
        await rowShown('^Customer');
        await down(); // Product
        // Selected (which expands it): the row stays highlighted beside its definition.
        await run('list.select');
        await rowShown('^Computed fields');
        // Indexes, Unique constraints, Checks, Computed fields: each with its rows.
        for (const [rows, last] of [
          [2, '^sortedByPrice'],
          [1, '^\\[\\.name\\]'],
          [1, '^nonNegativePrice'],
          [1, '^inStock'],
        ] as const) {
          await down(); // the section
          await run('list.expand');
          await rowShown(last);
          await down(rows);
        }
        await down(3); // Customer, Order, Functions
        await run('list.expand');
        await rowShown('^restock');
        await down(3); // productsUnder, restock, Roles
        await run('list.expand');
        await rowShown('^manager');

        // Product selected, its definition beside it.
        await run('list.focusFirst');
        await down(5); // Databases, staging, tenants, Collections, Product
        const doc = await run('flyFauna.openDefinition', product);
        assert.ok(doc, 'Open Definition opened a document');
        const editor = await waitFor('the FSL editor', () =>
          vscode.window.activeTextEditor?.document.uri.scheme === 'fly-fauna-fsl'
            ? vscode.window.activeTextEditor
            : undefined,
        );
        assert.equal(editor.document.languageId, 'fsl');
        assert.match(editor.document.getText(), /^collection Product \{\n/);
        assert.match(editor.document.getText(), /index byName \{/);
        await run('flyFauna.explorer.focus');
        await run('notifications.clearAll');
        await screenshot('explorer');
      } finally {
        await run('workbench.action.closeAllEditors');
        for (let i = 0; i < WIDER_SIDE_BAR_STEPS; i++)
          await run('workbench.action.increaseViewWidth');
        await run('flyFauna.explorer.focus');
        await run('list.collapseAll');
        await toggleView('FQL');
        await toggleView('Regions');
        await editorConfig.update(
          'minimap.enabled',
          undefined,
          vscode.ConfigurationTarget.Workspace,
        );
      }
    });
    test('the FQL view: a result that ran as the role customer', async () => {
      const c = (await api()).fql?.controller;
      assert.ok(c, 'activate() exposes the FQL controller');
      await run('flyFauna.chooseRunAs', { kind: 'role', name: 'customer' });
      const file = at(RUN_AS_FILE);
      await vscode.workspace.fs.writeFile(
        file,
        enc('// Products, as a customer sees them\nProduct.all().pageSize(5)\n'),
      );
      await run('flyFauna.fql.focus');
      await toggleView('Regions');
      await toggleView('Database');
      for (let i = 0; i < WIDER_FQL_STEPS; i++) await run('workbench.action.decreaseViewWidth');
      try {
        const editor = await vscode.window.showTextDocument(
          await vscode.workspace.openTextDocument(file),
          { preview: false },
        );
        server.requests.length = 0;
        await run('flyFauna.runFql', file);
        const shown = await waitFor(
          'five products in the view',
          () => {
            const r = c.shownResult;
            return r?.staticType === 'Set<Product>' &&
              (r.data as { data: unknown[] }).data.length === 5
              ? r
              : undefined;
          },
          15_000,
        );
        assert.ok(shown);
        // The admin key scoped to the role reached the server; the view says who ran it.
        assert.deepEqual(server.requests.at(-1)?.identity, {
          database: [],
          role: '@role/customer',
        });
        assert.equal(c.lastOutcomeMessage?.runAs, 'as role customer');
        if (canDriveUi()) {
          await ui({
            kind: 'webview-text',
            selector: '#run-as',
            pattern: '^Ran as role customer$',
          });
          await ui({ kind: 'webview-text', selector: '#status', pattern: '^5 rows' });
          await ui({
            kind: 'webview-text',
            selector: '#endpoint-source',
            pattern: 'secret from FAUNA_SECRET_KEY in \\.env',
          });
        }
        editor.selection = new vscode.Selection(2, 0, 2, 0);
        await run('notifications.clearAll');
        await screenshot('fql-run-as');
      } finally {
        await run('flyFauna.chooseRunAs', { kind: 'own' });
        await run('workbench.action.closeAllEditors');
        for (let i = 0; i < WIDER_FQL_STEPS; i++) await run('workbench.action.increaseViewWidth');
        await toggleView('Database');
        await toggleView('Regions');
      }
    });

    test('Compare Schema with Database: the diff editor, the database read only on the left', async () => {
      const client = new SchemaClient({ endpoint: server.url, secret: 'secret' });
      let remote: string;
      try {
        const f = (await client.pull()).files.find((x) => x.name === 'main.fsl');
        assert.ok(f, 'the database has main.fsl');
        remote = f.content;
      } finally {
        client.close();
      }
      // A field and an index for it on Product, and a stricter check.
      const tags = '  tags: Array<String> = []\n';
      const check = 'check nonNegativePrice (doc) => doc.price >= 0';
      assert.ok(remote.includes(tags) && remote.includes(check), remote);
      const local = remote
        .replace(tags, `${tags}  category: String?\n`)
        .replace(
          '  index sortedByPrice {',
          '  index byCategory {\n    terms [.category]\n  }\n  index sortedByPrice {',
        )
        .replace(check, 'check positivePrice (doc) => doc.price > 0');
      await vscode.workspace.fs.createDirectory(at('schema'));
      await vscode.workspace.fs.writeFile(at('schema', 'main.fsl'), enc(local));
      await run('workbench.action.closeSidebar');
      try {
        const r = await vscode.commands.executeCommand<{ changes: unknown[] }>(
          'flyFauna.diffSchema',
        );
        assert.deepEqual(r?.changes, [{ name: 'main.fsl', kind: 'changed' }]);
        const input = await waitFor('the schema diff editor', () => {
          const i = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
          return i instanceof vscode.TabInputTextDiff && i.original.scheme === 'fly-fauna-schema'
            ? i
            : undefined;
        });
        assert.equal(input.modified.fsPath, at('schema', 'main.fsl').fsPath);
        assert.equal((await vscode.workspace.openTextDocument(input.original)).getText(), remote);
        if (canDriveUi()) {
          await ui({
            kind: 'webview-text',
            selector: '.monaco-diff-editor .view-line',
            pattern: 'category:\\sString\\?',
          });
        }
        await run('notifications.clearAll');
        await screenshot('schema-diff', '.monaco-diff-editor');
      } finally {
        await run('workbench.action.closeAllEditors');
        await run('flyFauna.explorer.focus');
        await vscode.workspace.fs.delete(at('schema'), { recursive: true });
      }
    });

    test('a .fsl file: highlighting, and its items and members in the Outline', async () => {
      const outline = vscode.workspace.getConfiguration('outline');
      await outline.update('collapseItems', 'alwaysExpand', vscode.ConfigurationTarget.Workspace);
      // A copy of the Outline test's fixture in schema/, with a comment for readers.
      const fixture = new TextDecoder().decode(
        await vscode.workspace.fs.readFile(at('outline', 'shop.fsl')),
      );
      const first = fixture.indexOf('\n');
      assert.match(fixture.slice(0, first), /^\/\/ /);
      const uri = at('schema', 'shop.fsl');
      await vscode.workspace.fs.writeFile(
        uri,
        enc(`// The shop: orders, shipping them, customers and sign-in${fixture.slice(first)}`),
      );
      try {
        const editor = await vscode.window.showTextDocument(
          await vscode.workspace.openTextDocument(uri),
          { preview: false },
        );
        assert.equal(editor.document.languageId, 'fsl');
        const symbols = await waitFor('the FSL outline', async () => {
          const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
            'vscode.executeDocumentSymbolProvider',
            uri,
          );
          return s && s.length > 0 ? s : undefined;
        });
        assert.deepEqual(
          symbols.map((s) => s.name),
          ['Order', 'shipOrder', 'customer', 'access provider auth0'],
        );
        await run('outline.focus');
        await toggleView('app');
        for (let i = 0; i < WIDER_SIDE_BAR_STEPS; i++)
          await run('workbench.action.decreaseViewWidth');
        try {
          await rowShown('^index byStatus');
          await rowShown('^membership Customer');
          // The cursor in the index: the Outline follows it.
          const pos = editor.document.positionAt(editor.document.getText().indexOf('byStatus'));
          editor.selection = new vscode.Selection(pos, pos);
          await run('workbench.action.focusActiveEditorGroup');
          await run('notifications.clearAll');
          await screenshot('fsl-outline');
        } finally {
          for (let i = 0; i < WIDER_SIDE_BAR_STEPS; i++)
            await run('workbench.action.increaseViewWidth');
          await toggleView('app');
        }
      } finally {
        await run('workbench.action.closeAllEditors');
        await outline.update('collapseItems', undefined, vscode.ConfigurationTarget.Workspace);
        await vscode.workspace.fs.delete(at('schema'), { recursive: true });
        await run('flyFauna.fql.focus');
      }
    });
  });
}
