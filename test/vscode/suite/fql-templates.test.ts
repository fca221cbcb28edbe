// fql`…` templates in TypeScript, in a real extension host: the Run FQL lens over each
// template of the Fly starter kit's own src/app.ts (a fixture copied with attribution),
// its query run against the Fauna test server with an error placed inside the template,
// and a file of our own whose ${} arguments are asked, prefilled and remembered.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { findFqlTemplates } from '../../../src/core/fql/templates';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import type { FaunaConnection } from './helpers';
import { connectFauna, screenshot, waitFor, workspaceRoot } from './helpers';

const EXTENSION_ID = 'fly-fauna.fly-fauna';
const RUN = 'flyFauna.runFqlTemplate';

interface TemplatesTestApi {
  fql?: {
    controller: { shownResult: { data: unknown; staticType: string | null } | null };
    templates: { diagnostics: vscode.DiagnosticCollection; argInput: vscode.InputBox | undefined };
  };
}

async function api(): Promise<NonNullable<TemplatesTestApi['fql']>> {
  const ext = vscode.extensions.getExtension<TemplatesTestApi>(EXTENSION_ID);
  if (!ext) throw new Error('extension missing');
  const fql = (await ext.activate()).fql;
  if (!fql) throw new Error('activate() exposes no FQL api');
  return fql;
}

const starterApp = () => vscode.Uri.joinPath(workspaceRoot(), 'starter', 'src', 'app.ts');
const ourFile = () => vscode.Uri.joinPath(workspaceRoot(), 'starter', 'src', 'queries.ts');

const QUERIES = [
  "import { fql } from 'fauna';",
  '',
  '// fql`Product.all()` in a comment has no lens, nor has "fql`this`" in a string.',
  'export const firstPage = fql`Product.all().pageSize(${3})`;',
  'export const byId = (id: string) => fql`',
  '  Product.byId(${id})',
  '`;',
  'export const stop = fql`',
  '  abort(${"stop"}) ',
  '`;',
  '',
].join('\n');

/** The test server, the folder connected to it, and our file (disconnect() removes it). */
async function setup(): Promise<FaunaConnection> {
  const fauna = await connectFauna({ secrets: ['secret'], files: ['starter/src/queries.ts'] });
  try {
    await vscode.workspace.fs.writeFile(ourFile(), new TextEncoder().encode(QUERIES));
  } catch (e) {
    await fauna.disconnect();
    throw e;
  }
  return fauna;
}

function templateLenses(file: vscode.Uri, atLeast = 1): Promise<vscode.CodeLens[]> {
  return waitFor('the Run FQL lenses', async () => {
    const l = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      file,
    );
    const ours = (l ?? []).filter((x) => x.command?.command === RUN);
    return ours.length >= atLeast ? ours : undefined;
  });
}

/** Runs a lens's command; returns the promise of the whole run (it awaits the boxes). */
function runLens(lens: vscode.CodeLens): Thenable<unknown> {
  return vscode.commands.executeCommand(RUN, ...(lens.command!.arguments ?? []));
}

/** Waits for the argument box, checks its prefill, types `value` and accepts it. */
async function answer(prefill: string, value: string): Promise<vscode.InputBox> {
  const fql = await api();
  const box = await waitFor('the argument box', () => fql.templates.argInput);
  assert.equal(box.value, prefill, 'the box is prefilled');
  box.value = value;
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  return box;
}

const templateDiags = (file: vscode.Uri) =>
  vscode.languages.getDiagnostics(file).filter((d) => d.source === 'fly-fauna');

export function fqlTemplateTests(): void {
  suite('FQL templates in JavaScript and TypeScript', () => {
    let fauna: FaunaConnection;
    let server: FaunaTestServer;
    suiteSetup(async () => {
      fauna = await setup();
      server = fauna.server;
    });
    suiteTeardown(async () => {
      await fauna?.disconnect();
    });

    test("the starter kit's app.ts: one lens per template, its error placed inside the template", async () => {
      const file = starterApp();
      const doc = await vscode.workspace.openTextDocument(file);
      assert.equal(doc.languageId, 'typescript');
      const editor = await vscode.window.showTextDocument(doc);
      const text = doc.getText();
      const expected = findFqlTemplates(text);
      assert.equal(expected.length, 1, 'the starter has one fql template');
      const lenses = await templateLenses(file);
      assert.equal(lenses.length, expected.length);
      assert.equal(lenses[0].range.start.line, doc.positionAt(text.indexOf('fql`')).line);

      const before = server.requests.length;
      await runLens(lenses[0]);
      // No ${} in it: nothing asked, the body sent as it is.
      const req = server.requests.at(-1)!;
      assert.equal(server.requests.length, before + 1);
      const body = req.body as { query: { fql: string[] }; arguments?: unknown };
      assert.equal(body.query.fql.join(''), text.slice(expected[0].bodyStart, expected[0].bodyEnd));
      assert.equal(body.arguments, undefined);
      // The test server has no `order` collection: Unbound variable, at `order` in app.ts.
      const diags = await waitFor('a diagnostic', () => {
        const d = templateDiags(file);
        return d.length > 0 ? d : undefined;
      });
      assert.equal(diags.length, 1);
      assert.equal(diags[0].code, 'invalid_query');
      assert.match(diags[0].message, /Unbound variable `order`/);
      const at = doc.positionAt(text.indexOf('order.all()'));
      assert.deepEqual(diags[0].range, new vscode.Range(at, at.translate(0, 'order'.length)));

      // README picture: the lens, FQL highlighting in app.ts and the error in place.
      await vscode.commands.executeCommand('workbench.action.closePanel');
      await vscode.commands.executeCommand('notifications.clearAll');
      editor.revealRange(new vscode.Range(at.translate(-8, 0), at.translate(14, 0)));
      editor.selection = new vscode.Selection(at, at);
      await screenshot('fql-template');

      // An edit above the template moves the diagnostic with it; an edit inside clears it.
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '\n'));
      const moved = await waitFor('the moved diagnostic', () => {
        const d = templateDiags(file);
        return d.length === 1 && d[0].range.start.line === at.line + 1 ? d[0] : undefined;
      });
      assert.equal(moved.range.start.character, at.character);
      await editor.edit((e) => e.insert(new vscode.Position(at.line + 1, at.character), ' '));
      await waitFor('the diagnostic to go', () =>
        templateDiags(file).length === 0 ? true : undefined,
      );
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    test('${} arguments: asked, prefilled from a literal, checked as JSON, remembered', async () => {
      const fql = await api();
      const file = ourFile();
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const lenses = await templateLenses(file, 3);
      assert.equal(lenses.length, 3, 'no lens for the comment or the string');

      // ${3}: prefilled with 3; sent as the argument arg0.
      let run = runLens(lenses[0]);
      await answer('3', '3');
      await run;
      let shown = fql.controller.shownResult!;
      assert.equal(shown.staticType, 'Set<Product>');
      assert.equal((shown.data as { data: unknown[] }).data.length, 3);
      const body = server.requests.at(-1)!.body as {
        query: { fql: string[] };
        arguments: Record<string, unknown>;
      };
      assert.equal(body.query.fql.join(''), 'Product.all().pageSize(arg0)');
      assert.deepEqual(body.arguments, { arg0: { '@int': '3' } });

      // Bad JSON is refused with a message and the box stays; a good value runs.
      run = runLens(lenses[0]);
      const box = await answer('3', 'two');
      assert.match(box.validationMessage as string, /Not valid JSON/);
      assert.equal(fql.templates.argInput, box, 'still asking');
      // (A value set by the API fires no change event; the accept checks it again.)
      box.value = '2';
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await run;
      shown = fql.controller.shownResult!;
      assert.equal((shown.data as { data: unknown[] }).data.length, 2);

      // Remembered for this template: 2, not the literal 3.
      run = runLens(lenses[0]);
      await answer('2', '1');
      await run;
      assert.equal((fql.controller.shownResult!.data as { data: unknown[] }).data.length, 1);

      // ${id}: a plain identifier keeps its name; nothing to prefill.
      run = runLens(lenses[1]);
      await answer('', '"400000000000000002"');
      await run;
      const last = server.requests.at(-1)!.body as {
        query: { fql: string[] };
        arguments: Record<string, unknown>;
      };
      assert.equal(last.query.fql.join(''), '\n  Product.byId(id)\n');
      assert.deepEqual(last.arguments, { id: '400000000000000002' });
      assert.match(JSON.stringify(fql.controller.shownResult!.data), /"Product 2"/);
      assert.equal(templateDiags(file).length, 0);

      // Escape cancels: nothing sent.
      const before = server.requests.length;
      run = runLens(lenses[1]);
      await waitFor('the argument box', () => fql.templates.argInput);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await run;
      assert.equal(server.requests.length, before);
    });

    test('an error spanning an argument covers its ${} in the document', async () => {
      const file = ourFile();
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const lenses = await templateLenses(file, 3);
      const run = runLens(lenses[2]);
      await answer('"stop"', '"stop"');
      await run;
      // abort(arg0) fails with a summary marking all of it: in the document that is
      // abort(${"stop"}), longer than the query text.
      const d = await waitFor('a diagnostic', () => templateDiags(file)[0]);
      assert.equal(d.code, 'abort');
      const text = doc.getText();
      const from = doc.positionAt(text.indexOf('abort('));
      const to = doc.positionAt(text.indexOf('abort(') + 'abort(${"stop"})'.length);
      assert.deepEqual(d.range, new vscode.Range(from, to));
    });
  });
}

/** In restricted mode: lenses, but nothing is asked and nothing is sent. */
export function fqlTemplateUntrustedTests(): void {
  suite('FQL templates in an untrusted workspace', () => {
    test('no argument box and no query', async () => {
      assert.equal(vscode.workspace.isTrusted, false);
      const fauna = await setup();
      const server = fauna.server;
      try {
        const fql = await api();
        const file = ourFile();
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
        const lenses = await templateLenses(file, 2);
        await runLens(lenses[0]);
        assert.equal(fql.templates.argInput, undefined);
        assert.equal(server.requests.length, 0);
      } finally {
        await fauna.disconnect();
      }
    });
  });
}
