// Schema files and what they change, in a real extension host against the Fauna test
// server: a pushed collection (with its index) shows in the Database view after a
// refresh (the test server's catalog follows the active schema files, as the core's
// does); Pull asks which schema when one is staged (or takes `{ from }`); Push while a
// schema is staged says that Fauna stages the push (it replaces the staged schema).
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import type { FaunaConnection, Explorer } from './helpers';
import {
  api,
  waitFor,
  treeLabel as label,
  treeChild as child,
  treeLabels as labels,
} from './helpers';
import {
  connectSchema,
  localMain,
  remoteFiles,
  remoteMain,
  setLocal,
  setRemote,
  tick,
} from './schema.test';

async function explorer(): Promise<Explorer> {
  const e = (await api()).explorer;
  assert.ok(e, 'activate() exposes the explorer');
  return e;
}

const SHIPMENT = `
collection Shipment {
  carrier: String
  index byCarrier {
    terms [.carrier]
  }
}
`;

const A = 'collection Alpha {\n}\n';
const B = 'collection Beta {\n}\n';
const NEW = 'collection Fresh {\n}\n';

interface PushResult {
  pushed: boolean;
  staged?: boolean;
  warning?: string;
  /** The modal's detail (built whether or not the test hook skips the modal). */
  detail?: string;
}

interface PullResult {
  written: string[];
  kept: string[];
  from?: 'active' | 'staged';
}

const local = async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(localMain()));

export function schemaExplorerTests(): void {
  suite('Schema files: a push shows in the Database view', () => {
    let fauna: FaunaConnection;
    let server: FaunaTestServer;
    suiteSetup(async () => {
      fauna = await connectSchema('secret', { refreshExplorer: true });
      server = fauna.server;
    });
    suiteTeardown(async () => {
      await fauna?.disconnect();
    });

    test('Push a schema that adds Shipment with an index; after Refresh the view lists both', async () => {
      const e = await explorer();
      await vscode.commands.executeCommand('flyFauna.refreshExplorer');
      const before = await labels(e, await child(e, undefined, 'Collections'));
      assert.deepEqual(before, ['Product', 'Customer', 'Order']);

      const original = await remoteMain(server);
      await setLocal({ 'main.fsl': `${original}${SHIPMENT}` });
      assert.ok(await vscode.commands.executeCommand('flyFauna.diffSchema'));
      const r = await vscode.commands.executeCommand<PushResult>('flyFauna.pushSchema', {
        yes: true,
      });
      assert.deepEqual([r?.pushed, r?.staged, r?.warning], [true, false, undefined]);

      await vscode.commands.executeCommand('flyFauna.refreshExplorer');
      const collections = await child(e, undefined, 'Collections');
      assert.deepEqual(await labels(e, collections), ['Product', 'Customer', 'Order', 'Shipment']);
      const shipment = await child(e, collections, 'Shipment');
      const indexes = await e.provider.getChildren(await child(e, shipment, 'Indexes'));
      assert.deepEqual(
        indexes.map((n) => [label(e, n), e.provider.getTreeItem(n).description]),
        [['byCarrier', 'terms [.carrier]']],
      );
      // What was there stays as it was.
      const product = await child(e, collections, 'Product');
      assert.deepEqual(await labels(e, await child(e, product, 'Indexes')), [
        'byName',
        'sortedByPrice',
      ]);
    });
  });
}

export function schemaStagedFollowupTests(): void {
  suite('Schema files: Pull and Push while a schema is staged', () => {
    const scoped = 'secret:staging:admin';
    let fauna: FaunaConnection;
    let server: FaunaTestServer;
    suiteSetup(async () => {
      fauna = await connectSchema(scoped);
      server = fauna.server;
    });
    suiteTeardown(async () => {
      await fauna?.disconnect();
    });

    test('Pull: `{ from }` picks the staged or the active schema; no argument asks (staged first)', async () => {
      await setRemote(server, scoped, { 'main.fsl': A });
      await setRemote(server, scoped, { 'main.fsl': `${A}${B}` }, true);
      await setLocal({ 'main.fsl': NEW });

      const s = await vscode.commands.executeCommand<PullResult>('flyFauna.pullSchema', {
        yes: true,
        from: 'staged',
      });
      assert.deepEqual([s?.from, s?.written], ['staged', ['main.fsl']]);
      assert.equal(await local(), `${A}${B}`);

      const a = await vscode.commands.executeCommand<PullResult>('flyFauna.pullSchema', {
        yes: true,
        from: 'active',
      });
      assert.deepEqual([a?.from, a?.written], ['active', ['main.fsl']]);
      assert.equal(await local(), A);

      // No `from`: the quick pick; its first item is the staged schema.
      const picking = vscode.commands.executeCommand<PullResult>('flyFauna.pullSchema', {
        yes: true,
      });
      await waitFor('the Pull from quick pick', async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return (await Promise.race([picking.then(() => true), tick()])) ? true : undefined;
      });
      const p = await picking;
      assert.deepEqual([p?.from, p?.written], ['staged', ['main.fsl']]);
      assert.equal(await local(), `${A}${B}`);
    });

    test('Push while a schema is staged: it says the push replaces the staged schema; Fauna stages it', async () => {
      await setRemote(server, scoped, { 'main.fsl': A });
      await setRemote(server, scoped, { 'main.fsl': `${A}${B}` }, true);
      await setLocal({ 'main.fsl': `${A}${NEW}` });
      const d = await vscode.commands.executeCommand<{ against: string }>('flyFauna.diffSchema', {
        against: 'active',
      });
      assert.equal(d?.against, 'active');
      const r = await vscode.commands.executeCommand<PushResult>('flyFauna.pushSchema', {
        yes: true,
      });
      assert.equal(r?.pushed, true);
      assert.match(
        r.warning ?? '',
        /^A schema is staged \(status: ready\): pushing replaces the staged schema, and the active schema stays as it is/,
      );
      assert.ok(r.detail?.startsWith(`${r.warning}\n\n~ main.fsl`), r.detail);
      assert.match(r.detail ?? '', /Push and Stage both send the files as the new staged schema/);
      assert.equal(r.staged, true, 'Fauna staged it');
      assert.deepEqual(await remoteFiles(server, scoped), { 'main.fsl': A }, 'active unchanged');
      assert.deepEqual(await remoteFiles(server, scoped, true), { 'main.fsl': `${A}${NEW}` });

      // Nothing staged: Pull asks nothing and reads the active schema; Push warns of nothing.
      assert.equal(
        (
          await vscode.commands.executeCommand<{ done: boolean }>('flyFauna.abandonStagedSchema', {
            yes: true,
          })
        )?.done,
        true,
      );
      const p = await vscode.commands.executeCommand<PullResult>('flyFauna.pullSchema', {
        yes: true,
      });
      assert.deepEqual([p?.from, p?.written], ['active', ['main.fsl']]);
      assert.equal(await local(), A);
      await setLocal({ 'main.fsl': `${A}${NEW}` });
      const again = await vscode.commands.executeCommand<PushResult>('flyFauna.pushSchema', {
        yes: true,
      });
      assert.deepEqual([again?.pushed, again?.staged, again?.warning], [true, false, undefined]);
      assert.match(
        again.detail ?? '',
        /^~ main\.fsl\n\nThe files sent replace the database's whole schema/,
      );
      assert.deepEqual(await remoteFiles(server, scoped), { 'main.fsl': `${A}${NEW}` });
    });
  });
}
