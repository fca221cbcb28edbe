// FQL in a real extension host: a .fql file run against the Fauna test server (started
// here, in the host's Node), the result reaching the FQL view's controller, a query
// error becoming a diagnostic at the summary's line and column. And, in restricted mode,
// no query is sent at all.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import type { FaunaConnection } from './helpers';
import {
  canDriveUi,
  connectFauna,
  diagnosticsWhen,
  rows,
  screenshot,
  ui,
  waitFor,
  workspaceRoot,
} from './helpers';

const EXTENSION_ID = 'fly-fauna.fly-fauna';
const STORED_SECRET = 'fnStored-secret-7c1f';

interface FqlTestApi {
  fql?: {
    controller: {
      shownResult: { data: unknown; staticType: string | null; after: string | null } | null;
      loadMore(): Promise<void>;
      secretInput: vscode.InputBox | undefined;
    };
    files: { diagnostics: vscode.DiagnosticCollection };
  };
}

async function api(): Promise<FqlTestApi> {
  const ext = vscode.extensions.getExtension<FqlTestApi>(EXTENSION_ID);
  if (!ext) throw new Error('extension missing');
  return ext.activate();
}

/** The .fql files the README's pictures stage (removed by clear()). */
const SCENE_FILES = ['products.fql', 'cheapest.fql'];

/**
 * The Fauna test server (`secrets`), the folder not connected yet; its clear() leaves the
 * workspace as the other suites expect it: no .env, no .fql files, no setting.
 */
function startServer(secrets: string[]): Promise<FaunaConnection> {
  return connectFauna({ secrets, secret: null, files: ['query.fql', ...SCENE_FILES] });
}

/**
 * Endpoint setting and .env secret for the server of `fauna`, and a .fql file `name`
 * (default query.fql, three products) with `text`.
 */
async function setup(
  fauna: FaunaConnection,
  name = 'query.fql',
  text = '// products\nProduct.all().pageSize(3)\n',
): Promise<vscode.Uri> {
  // The secret comes from the folder's .env (as the Fly starter kit keeps it); the
  // endpoint from the setting.
  await fauna.connect();
  const file = vscode.Uri.joinPath(workspaceRoot(), name);
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
  return file;
}

async function replaceText(editor: vscode.TextEditor, text: string): Promise<void> {
  const doc = editor.document;
  await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
}

/** The Run lenses of a .fql file, once the Run lens is there. */
function runLenses(file: vscode.Uri): Promise<vscode.CodeLens[]> {
  return waitFor('the Run lens', async () => {
    const l = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      file,
    );
    return l && l.some((x) => x.command?.command === 'flyFauna.runFql') ? l : undefined;
  });
}

/** How much wider the side bar is in the pictures, in the workbench's 60 px steps. */
const WIDER_SIDE_BAR_STEPS = 7;

/**
 * The layout of the README's FQL pictures: no other editor, panel or notification, and
 * the FQL view with the room it needs (Regions collapsed, by its header, when the
 * runner can click) in a wider side bar. Returns what puts it back.
 */
export async function pictureLayout(): Promise<() => Promise<void>> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await vscode.commands.executeCommand('notifications.clearAll');
  await vscode.commands.executeCommand('flyFauna.fql.focus');
  // Collapsed rather than hidden: shown again, a view does not get its height back.
  if (canDriveUi()) await ui({ kind: 'click-view-header', view: 'Regions' });
  // Narrower editors make the side bar wider.
  for (let i = 0; i < WIDER_SIDE_BAR_STEPS; i++)
    await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
  return async () => {
    for (let i = 0; i < WIDER_SIDE_BAR_STEPS; i++)
      await vscode.commands.executeCommand('workbench.action.increaseViewWidth');
    if (canDriveUi()) await ui({ kind: 'click-view-header', view: 'Regions' });
  };
}

export function fqlTests(): void {
  suite('FQL files and view', () => {
    let fauna: FaunaConnection;
    let server: FaunaTestServer;
    suiteSetup(async () => {
      fauna = await startServer(['secret', STORED_SECRET]);
      server = fauna.server;
    });
    suiteTeardown(async () => {
      await fauna?.disconnect();
    });

    test('a .fql file is FQL, has a Run lens, and its result reaches the view', async () => {
      const file = await setup(fauna);
      const doc = await vscode.workspace.openTextDocument(file);
      assert.equal(doc.languageId, 'fql');
      const editor = await vscode.window.showTextDocument(doc);
      const lenses = await runLenses(file);
      assert.ok(lenses.length >= 1);
      assert.equal(editor.document.uri.toString(), file.toString());
      const fql = (await api()).fql;
      assert.ok(fql, 'activate() exposes the FQL api');
      await vscode.commands.executeCommand('flyFauna.runFql');
      const shown = await waitFor(
        'the result in the view',
        () => fql.controller.shownResult ?? undefined,
        15_000,
      );
      assert.equal(shown.staticType, 'Set<Product>');
      if (canDriveUi()) {
        // In the FQL view itself (a webview): the table's rows and the stats line.
        await ui({
          kind: 'webview-text',
          selector: '#status',
          pattern: '^3 rows \\(more to load\\)\\.$',
        });
        await ui({ kind: 'webview-text', selector: '#table-view .td', pattern: '^"Product 1"$' });
        await ui({ kind: 'webview-text', selector: '#stats', pattern: 'read 3 · write 0' });
      }
      const page = shown.data as { t: string; data: unknown[] };
      assert.equal(page.t, 'page');
      assert.equal(page.data.length, 3);
      const req = server.requests.at(-1)!;
      assert.deepEqual(req.body, { query: { fql: ['// products\nProduct.all().pageSize(3)\n'] } });
      assert.equal(req.authorized, true);
      assert.equal(vscode.languages.getDiagnostics(file).length, 0);
      // Load more: the next page through Set.paginate(after), appended to the shown set.
      assert.ok(shown.after);
      await fql.controller.loadMore();
      const more = fql.controller.shownResult!;
      assert.equal((more.data as { data: unknown[] }).data.length, 6);
      assert.deepEqual((server.requests.at(-1)!.body as { query: { fql: unknown[] } }).query.fql, [
        'Set.paginate(',
        { value: shown.after },
        ')',
      ]);
    });

    test("a query error becomes a diagnostic at the summary's line and column", async () => {
      const file = vscode.Uri.joinPath(workspaceRoot(), 'query.fql');
      const editor = await vscode.window.showTextDocument(
        await vscode.workspace.openTextDocument(file),
      );
      await replaceText(editor, '// broken\n  nope.all()\n');
      await vscode.commands.executeCommand('flyFauna.runFql');
      const diags = await waitFor(
        'a diagnostic',
        () => {
          const d = vscode.languages.getDiagnostics(file).filter((x) => x.source === 'fly-fauna');
          return d.length > 0 ? d : undefined;
        },
        15_000,
      );
      assert.equal(diags[0].code, 'invalid_query');
      assert.equal(diags[0].severity, vscode.DiagnosticSeverity.Error);
      assert.deepEqual(
        [diags[0].range.start.line, diags[0].range.start.character, diags[0].range.end.character],
        [1, 2, 6],
      );
      assert.match(diags[0].message, /Unbound variable `nope`/);
      if (canDriveUi()) {
        await ui({
          kind: 'webview-text',
          selector: '#error .error-message',
          pattern: '^The query is invalid',
        });
        await ui({
          kind: 'webview-text',
          selector: '#error .summary',
          pattern: 'at \\*query\\*:2:3',
        });
      }
      // Stale once the text changes.
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), ' '));
      await waitFor('the diagnostic to go', () =>
        vscode.languages.getDiagnostics(file).some((x) => x.source === 'fly-fauna')
          ? undefined
          : true,
      );
    });

    test('log() output becomes an information diagnostic on its line', async () => {
      const file = vscode.Uri.joinPath(workspaceRoot(), 'query.fql');
      const editor = await vscode.window.showTextDocument(
        await vscode.workspace.openTextDocument(file),
      );
      await replaceText(editor, '\nlog("checked")\n42\n');
      await vscode.commands.executeCommand('flyFauna.runFql');
      const d = await waitFor(
        'the log note',
        () => vscode.languages.getDiagnostics(file).find((x) => x.source === 'fly-fauna'),
        15_000,
      );
      assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
      assert.equal(d.message, 'checked');
      assert.equal(d.range.start.line, 1);
    });

    test('running a selection maps the error into the document', async () => {
      const file = vscode.Uri.joinPath(workspaceRoot(), 'query.fql');
      const editor = await vscode.window.showTextDocument(
        await vscode.workspace.openTextDocument(file),
      );
      await replaceText(editor, '1 + 1\nlet a = 1; bogus\n');
      // Select "bogus" only: the summary says 1:1, the document says line 1, char 11.
      editor.selection = new vscode.Selection(1, 11, 1, 16);
      await vscode.commands.executeCommand('flyFauna.runFql');
      const d = await waitFor(
        'a diagnostic for the selection',
        () => {
          const x = vscode.languages
            .getDiagnostics(file)
            .filter((y) => y.source === 'fly-fauna' && y.range.start.line === 1);
          return x.length > 0 ? x[0] : undefined;
        },
        15_000,
      );
      assert.deepEqual([d.range.start.line, d.range.start.character], [1, 11]);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    test('Set Fauna Secret keeps the secret in SecretStorage, not in settings, and queries use it', async () => {
      const root = workspaceRoot();
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, '.env'));
      const fql = (await api()).fql!;
      const command = vscode.commands.executeCommand('flyFauna.setFaunaSecret');
      const box = await waitFor('the secret box', () => fql.controller.secretInput);
      assert.equal(box.password, true);
      box.value = STORED_SECRET;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await command;
      const file = vscode.Uri.joinPath(root, 'query.fql');
      const editor = await vscode.window.showTextDocument(
        await vscode.workspace.openTextDocument(file),
      );
      await replaceText(editor, '1 + 1');
      const before = server.requests.length;
      await vscode.commands.executeCommand('flyFauna.runFql');
      await waitFor('the query', () => (server.requests.length > before ? true : undefined));
      assert.equal(server.requests.at(-1)!.secretIndex, 1, 'sent with the stored secret');
      if (canDriveUi()) {
        // The view names where the secret comes from, never the secret.
        await ui({
          kind: 'webview-text',
          selector: '#endpoint-source',
          pattern: 'secret from Set Fauna Secret',
        });
      }
      const settings = vscode.Uri.joinPath(root, '.vscode', 'settings.json');
      const text = await vscode.workspace.fs.readFile(settings).then(
        (b) => new TextDecoder().decode(b),
        () => '',
      );
      assert.ok(!text.includes(STORED_SECRET), 'not in settings.json');
      // Cleared: the next query says how to set one and sends nothing.
      await vscode.commands.executeCommand('flyFauna.clearFaunaSecret');
      const count = server.requests.length;
      await vscode.commands.executeCommand('flyFauna.runFql');
      assert.equal(server.requests.length, count);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    // The README's pictures (docs/screenshots/fql-error.png and fql-view.png), taken by
    // the runner's browser with --screenshots; without it the steps still run and check
    // what the pictures would show. Mocha runs this after the tests above, before the
    // suite's teardown (which removes the files and the setting again).
    suite('pictures', () => {
      let restoreLayout: (() => Promise<void>) | undefined;
      suiteSetup(async () => {
        // From a clean slate, so that setup()'s endpoint is a change and the view reads
        // the .env secret anew (the test above cleared the stored one).
        await fauna.clear();
        restoreLayout = await pictureLayout();
      });
      suiteTeardown(async () => {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        // The closed file's query error would otherwise stay in Problems until VS Code
        // drops the document (the file itself goes in the suite's cleanup).
        const { diagnostics } = (await api()).fql!.files;
        for (const name of SCENE_FILES)
          diagnostics.delete(vscode.Uri.joinPath(workspaceRoot(), name));
        await restoreLayout?.();
      });

      /** What the view's header says once it has the endpoint and the .env secret. */
      async function viewHasConnection(): Promise<void> {
        if (!canDriveUi()) return;
        await ui({
          kind: 'webview-text',
          selector: '#endpoint-source',
          pattern: 'secret from FAUNA_SECRET_KEY in \\.env',
        });
      }

      test('a failing query: a squiggle where it fails, the error and its summary in the view', async () => {
        const file = await setup(
          fauna,
          'cheapest.fql',
          '// The five cheapest products\nProdcut.all().pageSize(5)\n',
        );
        const editor = await vscode.window.showTextDocument(
          await vscode.workspace.openTextDocument(file),
          { preview: false },
        );
        await vscode.commands.executeCommand('flyFauna.runFql', file);
        const [d] = await diagnosticsWhen(file, 'the query error', (x) => x.length > 0, 15_000);
        assert.equal(d.code, 'invalid_query');
        assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
        assert.deepEqual(rows([d])[0].slice(2), [1, 0, 1, 7]);
        assert.match(d.message, /Unbound variable `Prodcut`/);
        if (canDriveUi()) {
          await ui({
            kind: 'webview-text',
            selector: '#error .error-message',
            pattern: '^The query is invalid',
          });
          await ui({
            kind: 'webview-text',
            selector: '#error .summary',
            pattern: 'Unbound variable `Prodcut`[^]*at \\*query\\*:2:1',
          });
        }
        await viewHasConnection();
        // The cursor off the squiggle, so nothing covers it.
        editor.selection = new vscode.Selection(2, 0, 2, 0);
        await screenshot('fql-error');
      });

      test('a set of documents as a table, beside its .fql file and Run lens', async () => {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        const file = await setup(fauna, 'products.fql', '// Every product\nProduct.all()\n');
        const editor = await vscode.window.showTextDocument(
          await vscode.workspace.openTextDocument(file),
          { preview: false },
        );
        await runLenses(file);
        const fql = (await api()).fql!;
        const before = server.requests.length;
        await vscode.commands.executeCommand('flyFauna.runFql', file);
        const shown = await waitFor(
          'the first page of products in the view',
          () => {
            const r = fql.controller.shownResult;
            return server.requests.length > before &&
              r?.staticType === 'Set<Product>' &&
              (r.data as { data: unknown[] }).data.length === 16
              ? r
              : undefined;
          },
          15_000,
        );
        assert.ok(shown.after, 'more to load');
        assert.equal(vscode.languages.getDiagnostics(file).length, 0);
        if (canDriveUi()) {
          await ui({
            kind: 'webview-text',
            selector: '#status',
            pattern: '^16 rows \\(more to load\\)\\.$',
          });
          await ui({ kind: 'webview-text', selector: '#table-view .td', pattern: '^"Product 1"$' });
          await ui({ kind: 'webview-text', selector: '#stats', pattern: 'read 16 · write 0' });
        }
        await viewHasConnection();
        editor.selection = new vscode.Selection(2, 0, 2, 0);
        await screenshot('fql-view');
      });
    });
  });
}

/** In restricted mode the runner sends nothing. */
export function fqlUntrustedTests(): void {
  suite('FQL in an untrusted workspace', () => {
    test('no query is sent', async () => {
      assert.equal(vscode.workspace.isTrusted, false);
      const fauna = await startServer(['secret']);
      const server = fauna.server;
      try {
        // Everything a trusted run needs is in place: endpoint, secret, a .fql file.
        const file = await setup(fauna);
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
        await vscode.commands.executeCommand('flyFauna.runFql');
        assert.equal(server.requests.length, 0);
      } finally {
        await fauna.disconnect();
      }
    });
  });
}
