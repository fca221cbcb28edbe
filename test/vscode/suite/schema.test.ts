// Schema files in a real extension host, against the Fauna test server's schema API
// (test/fakes/fauna-server/schema-api.ts) started here: Compare opens the diff editor
// with the database's file on the left (a read-only fly-fauna-schema: document), Push
// replaces the remote file, a change made between Compare and Push is refused (the
// remote keeps it), Pull writes the database's file into schema/. In restricted mode
// nothing reaches the server.
import { strict as assert } from 'node:assert';
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import { SchemaClient } from '../../../src/node/fauna/schema-client';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import type { ConnectFaunaOptions, FaunaConnection } from './helpers';
import { connectFauna, waitFor, workspaceRoot } from './helpers';

export const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

const schemaDir = () => vscode.Uri.joinPath(workspaceRoot(), 'schema');
export const localMain = () => vscode.Uri.joinPath(schemaDir(), 'main.fsl');

/**
 * The Fauna test server and the folder connected to it with `secret` in .env; clear()
 * leaves the workspace as the other suites expect it: no .env, no schema/, no setting.
 */
export function connectSchema(
  secret = 'secret',
  opts: ConnectFaunaOptions = {},
): Promise<FaunaConnection> {
  return connectFauna({ secrets: ['secret'], secret, files: ['schema'], ...opts });
}

/** The database's main.fsl, read straight from the test server. */
export async function remoteMain(server: FaunaTestServer, secret = 'secret'): Promise<string> {
  const c = new SchemaClient({ endpoint: server.url, secret });
  try {
    const r = await c.pull();
    const f = r.files.find((x) => x.name === 'main.fsl');
    assert.ok(f, 'the database has main.fsl');
    return f.content;
  } finally {
    c.close();
  }
}

/** Replaces the database's main.fsl behind the extension's back (no version check). */
async function changeRemote(server: FaunaTestServer, content: string): Promise<void> {
  const c = new SchemaClient({ endpoint: server.url, secret: 'secret' });
  try {
    await c.update([{ name: 'main.fsl', content }], { version: (await c.list()).version });
  } finally {
    c.close();
  }
}

interface DiffResult {
  changes: Array<{ name: string; kind: string }>;
  version: number;
}

export function schemaTests(): void {
  suite('Schema files', () => {
    let fauna: FaunaConnection;
    let server: FaunaTestServer;
    let original = '';
    suiteSetup(async () => {
      fauna = await connectSchema();
      server = fauna.server;
      original = await remoteMain(server);
      await vscode.workspace.fs.createDirectory(schemaDir());
    });
    suiteTeardown(async () => {
      await fauna?.disconnect();
    });

    test('Compare opens the diff editor: the database on the left (fly-fauna-schema:), the local file on the right', async () => {
      const local = `${original}\ncollection Extra {\n}\n`;
      await vscode.workspace.fs.writeFile(localMain(), enc(local));
      const r = await vscode.commands.executeCommand<DiffResult>('flyFauna.diffSchema');
      assert.ok(r, 'Compare succeeded');
      assert.deepEqual(r.changes, [{ name: 'main.fsl', kind: 'changed' }]);
      const input = await waitFor('the schema diff editor', () => {
        const i = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
        return i instanceof vscode.TabInputTextDiff && i.original.scheme === 'fly-fauna-schema'
          ? i
          : undefined;
      });
      assert.equal(input.modified.fsPath, localMain().fsPath);
      assert.doesNotMatch(input.original.toString(), /secret/i, 'no secret in the URI');
      const left = await vscode.workspace.openTextDocument(input.original);
      assert.equal(left.getText(), original);
    });

    test('a change made in the database between Compare and Push is refused, not overwritten', async () => {
      const local = `${original}\ncollection Extra {\n}\n`;
      await vscode.workspace.fs.writeFile(localMain(), enc(local));
      assert.ok(await vscode.commands.executeCommand<DiffResult>('flyFauna.diffSchema'));
      const theirs = `${original}\ncollection Theirs {\n}\n`;
      await changeRemote(server, theirs);
      const r = await vscode.commands.executeCommand('flyFauna.pushSchema', { yes: true });
      assert.equal(r, undefined, 'Push failed (and said why)');
      assert.equal(await remoteMain(server), theirs, 'the other change is still there');
    });

    test('after a new Compare, Push replaces the database file', async () => {
      const local = `${original}\ncollection Extra {\n}\n`;
      await vscode.workspace.fs.writeFile(localMain(), enc(local));
      const d = await vscode.commands.executeCommand<DiffResult>('flyFauna.diffSchema');
      assert.deepEqual(d?.changes, [{ name: 'main.fsl', kind: 'changed' }]);
      const r = await vscode.commands.executeCommand<{ pushed: boolean; staged: boolean }>(
        'flyFauna.pushSchema',
        { yes: true },
      );
      assert.equal(r?.pushed, true);
      assert.equal(r?.staged, false);
      assert.equal(await remoteMain(server), local);
      const again = await vscode.commands.executeCommand<DiffResult>('flyFauna.diffSchema');
      assert.deepEqual(again?.changes, [], 'no changes left');
    });

    test('Pull writes the database file into schema/', async () => {
      const remote = `${original}\ncollection Pulled {\n}\n`;
      await changeRemote(server, remote);
      const r = await vscode.commands.executeCommand<{ written: string[] }>('flyFauna.pullSchema', {
        yes: true,
      });
      assert.deepEqual(r?.written, ['main.fsl']);
      assert.equal(dec(await vscode.workspace.fs.readFile(localMain())), remote);
    });

    test('in the root database, Commit Staged Schema fails (Fauna stages only in child databases)', async () => {
      const before = await remoteMain(server);
      const r = await vscode.commands.executeCommand('flyFauna.commitStagedSchema', {
        yes: true,
      });
      assert.equal(r, undefined);
      assert.equal(await remoteMain(server), before);
    });

    test('Stage, then Commit, in a child database (scoped secret); Abandon drops a staged schema', async () => {
      const scoped = 'secret:staging:admin';
      await fauna.connect(scoped);
      try {
        const base = await remoteMain(server, scoped);
        const local = `${base}\ncollection Staged {\n}\n`;
        await vscode.workspace.fs.writeFile(localMain(), enc(local));
        assert.ok(await vscode.commands.executeCommand<DiffResult>('flyFauna.diffSchema'));
        const p = await vscode.commands.executeCommand<{ pushed: boolean; staged: boolean }>(
          'flyFauna.pushSchema',
          { yes: true, stage: true },
        );
        assert.deepEqual([p?.pushed, p?.staged], [true, true]);
        assert.equal(await remoteMain(server, scoped), base, 'staged, not active yet');
        const c = await vscode.commands.executeCommand<{ done: boolean }>(
          'flyFauna.commitStagedSchema',
          { yes: true },
        );
        assert.equal(c?.done, true);
        assert.equal(await remoteMain(server, scoped), local, 'committed');

        await vscode.workspace.fs.writeFile(
          localMain(),
          enc(`${local}\ncollection Dropped {\n}\n`),
        );
        assert.ok(await vscode.commands.executeCommand<DiffResult>('flyFauna.diffSchema'));
        const p2 = await vscode.commands.executeCommand<{ staged: boolean }>(
          'flyFauna.pushSchema',
          { yes: true, stage: true },
        );
        assert.equal(p2?.staged, true);
        const a = await vscode.commands.executeCommand<{ done: boolean }>(
          'flyFauna.abandonStagedSchema',
          { yes: true },
        );
        assert.equal(a?.done, true);
        assert.equal(await remoteMain(server, scoped), local, 'abandoned: the active schema stays');
        const none = await vscode.commands.executeCommand<{ done: boolean; status: string }>(
          'flyFauna.commitStagedSchema',
          { yes: true },
        );
        assert.deepEqual(none, { done: false, status: 'none' });
      } finally {
        await fauna.connect();
      }
    });
  });
}

/** What Compare (and Show Staged Schema Changes) return (src/extension/schema/index.ts). */
interface CompareResult {
  against: 'active' | 'staged' | 'stagedChanges';
  staged: string;
  changes: Array<{ name: string; kind: string }>;
  version: number;
  entries: Array<{ name: string; kind: string; left: string; right: string; title: string }>;
  title?: string;
}

/** Replaces the database's whole schema (or, with `staged`, stages it) behind the extension's back. */
export async function setRemote(
  server: FaunaTestServer,
  secret: string,
  files: Record<string, string>,
  staged = false,
): Promise<void> {
  const c = new SchemaClient({ endpoint: server.url, secret });
  try {
    const list = Object.entries(files).map(([name, content]) => ({ name, content }));
    await c.update(list, { version: (await c.list()).version, staged });
  } finally {
    c.close();
  }
}

/** The database's files by name, active or staged, straight from the test server. */
export async function remoteFiles(
  server: FaunaTestServer,
  secret: string,
  staged = false,
): Promise<Record<string, string>> {
  const c = new SchemaClient({ endpoint: server.url, secret });
  try {
    const r = await c.pull({ staged });
    return Object.fromEntries(r.files.map((f) => [f.name, f.content]));
  } finally {
    c.close();
  }
}

/** Makes schema/ hold exactly `files` (other .fsl files are deleted). */
export async function setLocal(files: Record<string, string>): Promise<void> {
  await vscode.workspace.fs.createDirectory(schemaDir());
  for (const [name, type] of await vscode.workspace.fs.readDirectory(schemaDir()))
    if (type === vscode.FileType.File && !(name in files))
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(schemaDir(), name));
  for (const [name, content] of Object.entries(files))
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(schemaDir(), name), enc(content));
}

/**
 * The text of either side of a Compare entry: a local file as it is on disk (what the
 * diff editor shows of a file not edited in VS Code), a fly-fauna-schema: document as
 * the extension's provider serves it.
 */
async function sideText(uri: string): Promise<string> {
  const u = vscode.Uri.parse(uri);
  if (u.scheme === 'file') return dec(await vscode.workspace.fs.readFile(u));
  return (await vscode.workspace.openTextDocument(u)).getText();
}

/** A Compare entry as [name, kind, left text, right text]. */
async function entryTexts(r: CompareResult): Promise<Array<[string, string, string, string]>> {
  const out: Array<[string, string, string, string]> = [];
  for (const e of r.entries)
    out.push([e.name, e.kind, await sideText(e.left), await sideText(e.right)]);
  return out;
}

/**
 * Asserts each entry's sides. An open read-only document takes the new text a moment
 * after Compare set it (the provider's change event), so this polls, with a deadline.
 */
async function assertEntries(
  r: CompareResult,
  expected: Array<[string, string, string, string]>,
): Promise<void> {
  let last: Array<[string, string, string, string]> = [];
  await waitFor('the compared texts', async () => {
    last = await entryTexts(r);
    return isDeepStrictEqual(last, expected) ? true : undefined;
  }).catch(() => undefined);
  assert.deepEqual(last, expected);
}

/** Waits for a tab labelled `label` (the several-files view), naming the tabs if none is. */
async function waitForTab(label: string): Promise<void> {
  await waitFor(`a tab '${label}'`, () => (tabLabels().includes(label) ? true : undefined)).catch(
    (e: Error) => {
      throw new Error(`${e.message}; tabs now: ${JSON.stringify(tabLabels())}`);
    },
  );
}

/** Every open tab's label (the several-files view is a tab titled as Compare named it). */
const tabLabels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));

/** One turn of the event loop (waitFor polls; this only lets a settled promise win). */
export function tick(): Promise<false> {
  return new Promise((resolve) => setImmediate(() => resolve(false)));
}

const A = 'collection Alpha {\n}\n';
const B = 'collection Beta {\n}\n';
const GONE = 'collection Gone {\n}\n';
const NEW = 'collection Fresh {\n}\n';

export function schemaSeveralFilesTests(): void {
  suite('Schema files: several files differ', () => {
    let fauna: FaunaConnection;
    let server: FaunaTestServer;
    suiteSetup(async () => {
      fauna = await connectSchema();
      server = fauna.server;
    });
    suiteTeardown(async () => {
      await fauna?.disconnect();
    });

    test('one changed, one new locally, one only in the database: the several-files view, each side right', async () => {
      await setRemote(server, 'secret', { 'main.fsl': A, 'gone.fsl': GONE });
      await setLocal({ 'main.fsl': `${A}${B}`, 'new.fsl': NEW });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const r = await vscode.commands.executeCommand<CompareResult>('flyFauna.diffSchema');
      assert.ok(r, 'Compare succeeded');
      assert.equal(r.against, 'active');
      assert.equal(r.staged, 'unavailable', 'the root database stages nothing');
      assert.deepEqual(r.changes, [
        { name: 'gone.fsl', kind: 'removed' },
        { name: 'main.fsl', kind: 'changed' },
        { name: 'new.fsl', kind: 'added' },
      ]);
      assert.equal(r.title, 'Schema: database ↔ schema');
      await waitForTab('Schema: database ↔ schema (3 files)');
      await assertEntries(r, [
        ['gone.fsl', 'removed', GONE, ''],
        ['main.fsl', 'changed', A, `${A}${B}`],
        ['new.fsl', 'added', '', NEW],
      ]);
      for (const e of r.entries) {
        const left = vscode.Uri.parse(e.left);
        assert.equal(left.scheme, 'fly-fauna-schema', e.name);
        assert.equal(left.path, `/${vscode.workspace.workspaceFolders?.[0].name}/active/${e.name}`);
        assert.doesNotMatch(e.left + e.right, /secret/i, 'no secret in a URI');
      }
      const main = r.entries.find((e) => e.name === 'main.fsl');
      assert.equal(
        vscode.Uri.parse(main?.right ?? '').fsPath,
        localMain().fsPath,
        'the local file',
      );
      const gone = r.entries.find((e) => e.name === 'gone.fsl');
      assert.equal(vscode.Uri.parse(gone?.right ?? '').scheme, 'fly-fauna-schema');
    });

    test('"No changes" when the folder holds the database files', async () => {
      await setLocal({ 'main.fsl': A, 'gone.fsl': GONE });
      const r = await vscode.commands.executeCommand<CompareResult>('flyFauna.diffSchema');
      assert.deepEqual([r?.changes, r?.entries, r?.title], [[], [], undefined]);
    });
  });
}

export function schemaStagedTests(): void {
  suite('Schema files: a staged schema', () => {
    const scoped = 'secret:staging:admin';
    let fauna: FaunaConnection;
    let server: FaunaTestServer;
    suiteSetup(async () => {
      fauna = await connectSchema(scoped);
      server = fauna.server;
      await setRemote(server, scoped, { 'main.fsl': A });
    });
    suiteTeardown(async () => {
      await fauna?.disconnect();
    });

    test('nothing staged: Compare asks nothing and compares with the active schema; Show Staged Schema Changes says so', async () => {
      await setLocal({ 'main.fsl': A });
      const r = await vscode.commands.executeCommand<CompareResult>('flyFauna.diffSchema');
      assert.deepEqual([r?.against, r?.staged, r?.changes], ['active', 'none', []]);
      const s = await vscode.commands.executeCommand<CompareResult>(
        'flyFauna.showStagedSchemaChanges',
      );
      assert.deepEqual([s?.against, s?.staged, s?.changes], ['stagedChanges', 'none', []]);
    });

    test('staged: Compare asks (staged first), then local ↔ staged; Active and Staged changes on request', async () => {
      const staged = { 'main.fsl': `${A}${B}`, 'extra.fsl': NEW };
      await setLocal(staged);
      assert.ok(await vscode.commands.executeCommand<CompareResult>('flyFauna.diffSchema'));
      const p = await vscode.commands.executeCommand<{ staged: boolean }>('flyFauna.pushSchema', {
        yes: true,
        stage: true,
      });
      assert.equal(p?.staged, true);
      assert.deepEqual(await remoteFiles(server, scoped), { 'main.fsl': A }, 'active unchanged');

      // No argument: the quick pick; its first item is the staged schema.
      const picking = vscode.commands.executeCommand<CompareResult>('flyFauna.diffSchema');
      await waitFor('the Compare with quick pick', async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return (await Promise.race([picking.then(() => true), tick()])) ? true : undefined;
      });
      const r = await picking;
      assert.deepEqual([r?.against, r?.staged, r?.changes], ['staged', 'ready', []]);

      const a = await vscode.commands.executeCommand<CompareResult>('flyFauna.diffSchema', {
        against: 'active',
      });
      assert.deepEqual(a?.changes, [
        { name: 'extra.fsl', kind: 'added' },
        { name: 'main.fsl', kind: 'changed' },
      ]);
      await assertEntries(a, [
        ['extra.fsl', 'added', '', NEW],
        ['main.fsl', 'changed', A, `${A}${B}`],
      ]);
      assert.equal(a.title, 'Schema: database, active ↔ schema');

      await setLocal({ 'main.fsl': `${A}${B}` });
      const l = await vscode.commands.executeCommand<CompareResult>('flyFauna.diffSchema', {
        against: 'staged',
      });
      assert.deepEqual(l?.changes, [{ name: 'extra.fsl', kind: 'removed' }]);
      const only = l.entries[0];
      assert.match(vscode.Uri.parse(only.left).path, /\/staged\/extra\.fsl$/, 'the staged file');
      assert.equal(await sideText(only.left), NEW);
      assert.match(only.title, /database, staged ↔ schema, only in the database/);
      const tab = await waitFor('the staged diff', () => {
        const i = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
        return i instanceof vscode.TabInputTextDiff && i.original.path.endsWith('/staged/extra.fsl')
          ? i
          : undefined;
      });
      assert.equal(tab.original.scheme, 'fly-fauna-schema');

      const c = await vscode.commands.executeCommand<CompareResult>(
        'flyFauna.showStagedSchemaChanges',
      );
      assert.equal(c?.against, 'stagedChanges');
      assert.equal(c.title, 'Schema: active ↔ staged');
      await assertEntries(c, [
        ['extra.fsl', 'added', '', NEW],
        ['main.fsl', 'changed', A, `${A}${B}`],
      ]);
      for (const e of c.entries) {
        assert.match(vscode.Uri.parse(e.left).path, new RegExp(`/active/${e.name}$`));
        assert.match(vscode.Uri.parse(e.right).path, new RegExp(`/staged/${e.name}$`));
      }
      await waitForTab('Schema: active ↔ staged (2 files)');
    });

    test('a schema staged again after the review is not committed; after a new review Commit applies it, then nothing is staged', async () => {
      const reviewed = await vscode.commands.executeCommand<CompareResult>(
        'flyFauna.showStagedSchemaChanges',
      );
      assert.equal(reviewed?.staged, 'ready');
      const theirs = { 'main.fsl': `${A}collection Theirs {\n}\n` };
      await setRemote(server, scoped, theirs, true);
      const refused = await vscode.commands.executeCommand('flyFauna.commitStagedSchema', {
        yes: true,
      });
      assert.equal(refused, undefined, 'Commit refused (and said why)');
      assert.deepEqual(await remoteFiles(server, scoped), { 'main.fsl': A }, 'nothing committed');
      assert.deepEqual(await remoteFiles(server, scoped, true), theirs, 'still staged');

      const again = await vscode.commands.executeCommand<CompareResult>(
        'flyFauna.showStagedSchemaChanges',
      );
      await assertEntries(again, [['main.fsl', 'changed', A, theirs['main.fsl']]]);
      const done = await vscode.commands.executeCommand<{ done: boolean }>(
        'flyFauna.commitStagedSchema',
        { yes: true },
      );
      assert.equal(done?.done, true);
      assert.deepEqual(await remoteFiles(server, scoped), theirs, 'committed');

      await setLocal(theirs);
      const after = await vscode.commands.executeCommand<CompareResult>('flyFauna.diffSchema');
      assert.deepEqual([after?.against, after?.staged, after?.changes], ['active', 'none', []]);
      const none = await vscode.commands.executeCommand<CompareResult>(
        'flyFauna.showStagedSchemaChanges',
      );
      assert.deepEqual([none?.staged, none?.entries], ['none', []]);
    });

    test('Push after a Compare with the staged schema: a change made meanwhile is refused', async () => {
      await setRemote(server, scoped, { 'main.fsl': `${A}${B}` }, true);
      await setLocal({ 'main.fsl': `${A}${NEW}` });
      const r = await vscode.commands.executeCommand<CompareResult>('flyFauna.diffSchema', {
        against: 'staged',
      });
      assert.deepEqual(r?.changes, [{ name: 'main.fsl', kind: 'changed' }]);
      const theirs = { 'main.fsl': `${A}collection Other {\n}\n` };
      await setRemote(server, scoped, theirs, true);
      const p = await vscode.commands.executeCommand('flyFauna.pushSchema', {
        yes: true,
        stage: true,
      });
      assert.equal(p, undefined, 'Push refused');
      assert.deepEqual(
        await remoteFiles(server, scoped, true),
        theirs,
        'their staged schema stays',
      );

      const again = await vscode.commands.executeCommand<CompareResult>('flyFauna.diffSchema', {
        against: 'staged',
      });
      assert.equal(again?.against, 'staged');
      const ok = await vscode.commands.executeCommand<{ pushed: boolean; changes: unknown }>(
        'flyFauna.pushSchema',
        { yes: true, stage: true },
      );
      assert.deepEqual(ok?.changes, [{ name: 'main.fsl', kind: 'changed' }]);
      assert.deepEqual(await remoteFiles(server, scoped, true), { 'main.fsl': `${A}${NEW}` });
      const abandoned = await vscode.commands.executeCommand<{ done: boolean }>(
        'flyFauna.abandonStagedSchema',
        { yes: true },
      );
      assert.equal(abandoned?.done, true);
    });
  });
}

export function schemaUntrustedTests(): void {
  suite('Schema files in an untrusted workspace', () => {
    test('Compare, Push, Pull, Commit, Abandon and Show Staged Schema Changes send nothing', async () => {
      assert.equal(vscode.workspace.isTrusted, false);
      const fauna = await connectSchema();
      const server = fauna.server;
      try {
        await vscode.workspace.fs.createDirectory(schemaDir());
        await vscode.workspace.fs.writeFile(localMain(), enc('collection Local {\n}\n'));
        for (const id of [
          'flyFauna.diffSchema',
          'flyFauna.pushSchema',
          'flyFauna.pullSchema',
          'flyFauna.commitStagedSchema',
          'flyFauna.abandonStagedSchema',
          'flyFauna.showStagedSchemaChanges',
        ])
          assert.equal(await vscode.commands.executeCommand(id, { yes: true }), undefined, id);
        assert.deepEqual(
          server.requests.filter((r) => r.path.startsWith('/schema/')),
          [],
          'no schema request',
        );
      } finally {
        await fauna.disconnect();
      }
    });
  });
}
