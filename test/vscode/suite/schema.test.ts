// Schema files in a real extension host, against the Fauna test server's schema API
// (test/fakes/fauna-server/schema-api.ts) started here: Compare opens the diff editor
// with the database's file on the left (a read-only fly-fauna-schema: document), Push
// replaces the remote file, a change made between Compare and Push is refused (the
// remote keeps it), Pull writes the database's file into schema/. In restricted mode
// nothing reaches the server.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { SchemaClient } from '../../../src/node/fauna/schema-client';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { startFaunaServer } from '../../fakes/fauna-server/server';
import { waitFor, workspaceRoot } from './helpers';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

const schemaDir = () => vscode.Uri.joinPath(workspaceRoot(), 'schema');
const localMain = () => vscode.Uri.joinPath(schemaDir(), 'main.fsl');

/** Endpoint setting and a .env secret for `server` (as the explorer tests do). */
async function setup(server: FaunaTestServer, secret = 'secret'): Promise<void> {
  await vscode.workspace.fs.writeFile(
    vscode.Uri.joinPath(workspaceRoot(), '.env'),
    enc(`FAUNA_SECRET_KEY=${secret}\n`),
  );
  await vscode.workspace
    .getConfiguration('flyFauna.fauna')
    .update('endpoint', server.url, vscode.ConfigurationTarget.Workspace);
}

/** Leaves the workspace as the other suites expect it: no .env, no schema/, no setting. */
async function cleanup(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  for (const uri of [vscode.Uri.joinPath(workspaceRoot(), '.env'), schemaDir()]) {
    try {
      await vscode.workspace.fs.delete(uri, { recursive: true });
    } catch {
      // Not there.
    }
  }
  await vscode.workspace
    .getConfiguration('flyFauna.fauna')
    .update('endpoint', undefined, vscode.ConfigurationTarget.Workspace);
}

/** The database's main.fsl, read straight from the test server. */
async function remoteMain(server: FaunaTestServer, secret = 'secret'): Promise<string> {
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
    let server: FaunaTestServer;
    let original = '';
    suiteSetup(async () => {
      server = await startFaunaServer({ secrets: ['secret'] });
      await setup(server);
      original = await remoteMain(server);
      await vscode.workspace.fs.createDirectory(schemaDir());
    });
    suiteTeardown(async () => {
      await cleanup();
      await server?.close();
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
      await setup(server, scoped);
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
        await setup(server);
      }
    });
  });
}

export function schemaUntrustedTests(): void {
  suite('Schema files in an untrusted workspace', () => {
    test('Compare, Push and Pull send nothing', async () => {
      assert.equal(vscode.workspace.isTrusted, false);
      const server = await startFaunaServer({ secrets: ['secret'] });
      try {
        await setup(server);
        await vscode.workspace.fs.createDirectory(schemaDir());
        await vscode.workspace.fs.writeFile(localMain(), enc('collection Local {\n}\n'));
        for (const id of ['flyFauna.diffSchema', 'flyFauna.pushSchema', 'flyFauna.pullSchema'])
          assert.equal(await vscode.commands.executeCommand(id, { yes: true }), undefined, id);
        assert.deepEqual(
          server.requests.filter((r) => r.path.startsWith('/schema/')),
          [],
          'no schema request',
        );
      } finally {
        await cleanup();
        await server.close();
      }
    });
  });
}
