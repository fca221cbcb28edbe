// A Fauna-only project (test/vscode/workspaces/fauna-only: schema/*.fsl, a .fql file, an
// fql`…` template, a .fauna-project, and no fly.toml anywhere) in a real extension host.
// package.json activates on fly.toml only through `workspaceContains`; the Fauna features
// must come up all the same when a .fsl or .fql file is opened (VS Code >= 1.74 implies
// `onLanguage:<id>` for contributed languages). So the first test checks that nothing
// activated the extension yet, opens a .fsl file and waits for activation; then Outline,
// the Run lens and a run against the Fauna test server, the template lens, the Database
// view, and the Fly parts saying there is no fly.toml without an error.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import type { FaunaConnection } from './helpers';
import {
  api,
  canDriveUi,
  connectFauna,
  EXTENSION_ID,
  ui,
  waitFor,
  wsUri,
  treeLabel as label,
} from './helpers';

type Notify = (message: string, ...rest: unknown[]) => Thenable<unknown>;
type NotifyKind = 'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage';

/** Every notification shown while the suite runs (the extension shares this `vscode.window`). */
const shown: Array<{ kind: NotifyKind; message: string }> = [];
const originals = new Map<NotifyKind, Notify>();

function recordNotifications(): void {
  const w = vscode.window as unknown as Record<NotifyKind, Notify>;
  for (const kind of [
    'showErrorMessage',
    'showWarningMessage',
    'showInformationMessage',
  ] as const) {
    const original = w[kind];
    originals.set(kind, original);
    w[kind] = (message: string, ...rest: unknown[]) => {
      shown.push({ kind, message });
      return original.call(vscode.window, message, ...rest);
    };
  }
}

function restoreNotifications(): void {
  const w = vscode.window as unknown as Record<NotifyKind, Notify>;
  for (const [kind, original] of originals) w[kind] = original;
  originals.clear();
}

async function lenses(uri: vscode.Uri, command: string): Promise<vscode.CodeLens[]> {
  return waitFor(`a ${command} lens in ${vscode.workspace.asRelativePath(uri)}`, async () => {
    const all = await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>(
      'vscode.executeCodeLensProvider',
      uri,
    );
    const ours = (all ?? []).filter((l) => l.command?.command === command);
    return ours.length > 0 ? ours : undefined;
  });
}

async function outline(rel: string): Promise<string[]> {
  const uri = wsUri(rel);
  const symbols = await waitFor(`the Outline of ${rel}`, async () => {
    const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
      'vscode.executeDocumentSymbolProvider',
      uri,
    );
    return s && s.length > 0 ? s : undefined;
  });
  const names = (s: vscode.DocumentSymbol[], pad = ''): string[] =>
    s.flatMap((x) => [`${pad}${x.name}`, ...names(x.children, pad + '  ')]);
  return names(symbols);
}

export function faunaOnlyTests(): void {
  suite('Fauna-only workspace (no fly.toml)', () => {
    let fauna: FaunaConnection;
    let server: FaunaTestServer;
    suiteSetup(async () => {
      recordNotifications();
      // Neither a file write nor a setting activates the extension.
      fauna = await connectFauna({ secrets: ['secret'], envName: 'FAUNA_SECRET' });
      server = fauna.server;
    });
    suiteTeardown(async () => {
      restoreNotifications();
      await fauna?.disconnect();
    });

    test('opening a .fsl file activates the extension (no fly.toml anywhere)', async () => {
      const found = await vscode.workspace.findFiles('**/{fly.toml,fly.*.toml}');
      assert.deepEqual(found, [], 'the workspace has no fly.toml');
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is installed`);
      assert.equal(ext.isActive, false, 'nothing activated the extension before a file opened');
      const doc = await vscode.workspace.openTextDocument(wsUri('schema/collections.fsl'));
      assert.equal(doc.languageId, 'fsl');
      await vscode.window.showTextDocument(doc);
      await waitFor('the extension to activate', () => (ext.isActive ? true : undefined), 20_000);
    });

    test('the .fsl Outline lists the items of both schema files', async () => {
      assert.deepEqual(await outline('schema/collections.fsl'), [
        'Product',
        '  name',
        '  price',
        '  index byName',
        '    terms',
        '    values',
        '  unique [.name]',
      ]);
      assert.deepEqual(await outline('schema/roles.fsl'), [
        'reader',
        '  privileges Product',
        '    read',
      ]);
    });

    test('queries/products.fql has the Run lens and its result reaches the FQL view', async () => {
      const file = wsUri('queries/products.fql');
      const doc = await vscode.workspace.openTextDocument(file);
      assert.equal(doc.languageId, 'fql');
      await vscode.window.showTextDocument(doc);
      await lenses(file, 'flyFauna.runFql');
      const fql = (await api()).fql;
      assert.ok(fql, 'activate() exposes the FQL api');
      const before = server.requests.length;
      await vscode.commands.executeCommand('flyFauna.runFql');
      const result = await waitFor(
        'the result in the FQL view',
        () => fql.controller.shownResult ?? undefined,
        15_000,
      );
      assert.equal(result.staticType, 'Set<Product>');
      assert.equal((result.data as { data: unknown[] }).data.length, 2);
      const req = server.requests.at(-1)!;
      assert.equal(server.requests.length, before + 1);
      assert.deepEqual(req.body, {
        query: { fql: ['// The first products\nProduct.all().pageSize(2)\n'] },
      });
      assert.equal(req.authorized, true, 'the secret came from the folder .env');
      if (canDriveUi())
        await ui({ kind: 'webview-text', selector: '#table-view .td', pattern: '^"Product 1"$' });
      assert.deepEqual(
        vscode.languages.getDiagnostics(file).filter((d) => d.source === 'fly-fauna'),
        [],
      );
    });

    test('src/db.ts: the fql`…` template has the Run FQL lens', async () => {
      const file = wsUri('src/db.ts');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      const found = await lenses(file, 'flyFauna.runFqlTemplate');
      assert.equal(found.length, 1);
      // On the template's line (`const r = await client.query(fql\``).
      assert.equal(found[0].range.start.line, 7);
    });

    test("the Database view lists the Fauna test server's collections", async () => {
      const e = (await api()).explorer;
      assert.ok(e, 'activate() exposes the explorer');
      e.provider.refresh();
      const root = await e.provider.getChildren();
      assert.deepEqual(
        root.map((n) => label(e, n)),
        [server.url, 'Databases', 'Collections', 'Functions', 'Roles', 'Access Providers'],
      );
      const collections = root.find((n) => label(e, n) === 'Collections')!;
      assert.deepEqual(
        (await e.provider.getChildren(collections)).map((n) => label(e, n)),
        ['Product', 'Customer', 'Order'],
      );
    });

    test('Compare Schema compares schema/ with the database', async () => {
      const r = await vscode.commands.executeCommand<{
        changes: Array<{ name: string; kind: string }>;
      }>('flyFauna.diffSchema');
      assert.ok(r, 'Compare succeeded');
      const byName = new Map(r.changes.map((c) => [c.name, c.kind]));
      assert.equal(byName.get('collections.fsl'), 'added');
      assert.equal(byName.get('roles.fsl'), 'added');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    test('the Fly parts say there is no fly.toml, with no error or warning', async () => {
      // The Regions view: one row saying so.
      await vscode.commands.executeCommand('flyFauna.regions.focus');
      if (canDriveUi())
        await ui({
          kind: 'webview-text',
          selector: '.monaco-list-row',
          pattern: '^No fly\\.toml in this workspace$',
        });
      // Check Regions: an information message, not an error.
      await vscode.commands.executeCommand('flyFauna.checkRegions');
      await waitFor('the Check Regions message', () =>
        shown.some((s) => s.message === 'No fly.toml in this workspace.') ? true : undefined,
      );
      assert.deepEqual(
        shown.filter((s) => s.message === 'No fly.toml in this workspace.').map((s) => s.kind),
        ['showInformationMessage'],
      );
      // The status bar item is about a fly.toml: hidden.
      assert.equal((await api()).statusBar().visible, false);
      // Nothing went wrong along the way: no error or warning notification, no
      // fly-fauna diagnostic on any file.
      assert.deepEqual(
        shown.filter((s) => s.kind !== 'showInformationMessage'),
        [],
      );
      const ours = vscode.languages
        .getDiagnostics()
        .filter(([, ds]) => ds.some((d) => d.source === 'fly-fauna'))
        .map(([uri]) => vscode.workspace.asRelativePath(uri));
      assert.deepEqual(ours, []);
    });
  });
}
