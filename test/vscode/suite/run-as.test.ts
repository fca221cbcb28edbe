// "Run as" in a real extension host: Fly + Fauna: Run Queries As… stores an identity,
// every run (view, .fql file) sends the scoped secret the Fauna test server resolves
// (test/fakes/fauna-server/auth.ts, run-as.ts), the result and error messages to the
// view carry the identity's label, and a missing role is the clear refusal.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { defaultSeed } from '../../fakes/fauna-server/catalog';
import { startFaunaServer } from '../../fakes/fauna-server/server';
import { canDriveUi, ui, waitFor, workspaceRoot } from './helpers';

const EXTENSION_ID = 'fly-fauna.fly-fauna';
const SECRET = 'fnRunAs-host-secret-91d2';

interface Outcome {
  ok: boolean;
  error?: { code: string; message: string };
}
interface RunAsTestApi {
  fql?: {
    controller: {
      run(req: { query: string; origin: 'view' }): Promise<Outcome>;
      lastOutcomeMessage:
        | {
            type: 'result' | 'error';
            requestId: string;
            runAs?: string;
            error?: { message: string };
          }
        | undefined;
    };
  };
}

async function controller(): Promise<NonNullable<RunAsTestApi['fql']>['controller']> {
  const ext = vscode.extensions.getExtension<RunAsTestApi>(EXTENSION_ID);
  if (!ext) throw new Error('extension missing');
  const fql = (await ext.activate()).fql;
  if (!fql) throw new Error('activate() exposes no FQL api');
  return fql.controller;
}

export function runAsTests(): void {
  suite('FQL: Run Queries As…', () => {
    let server: FaunaTestServer;
    suiteSetup(async () => {
      // The default seed plus `auditor`, a role that may read Order but not Product.
      const catalog = defaultSeed();
      catalog.roles = [
        ...(catalog.roles ?? []),
        { name: 'auditor', privileges: [{ resource: 'Order', actions: { read: true } }] },
      ];
      server = await startFaunaServer({ secrets: [SECRET], catalog });
      await vscode.workspace.fs.writeFile(
        vscode.Uri.joinPath(workspaceRoot(), '.env'),
        new TextEncoder().encode(`FAUNA_SECRET=${SECRET}\n`),
      );
      await vscode.workspace
        .getConfiguration('flyFauna.fauna')
        .update('endpoint', server.url, vscode.ConfigurationTarget.Workspace);
    });
    suiteTeardown(async () => {
      await vscode.commands.executeCommand('flyFauna.chooseRunAs', { kind: 'own' });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const name of ['.env', 'run-as.fql']) {
        try {
          await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), name));
        } catch {
          // Not there.
        }
      }
      await vscode.workspace
        .getConfiguration('flyFauna.fauna')
        .update('endpoint', undefined, vscode.ConfigurationTarget.Workspace);
      await server.close();
    });
    setup(() => {
      server.requests.length = 0;
    });

    test('a user-defined role: the scoped identity reaches the server, the result says who', async () => {
      const c = await controller();
      // As the admin key itself, Product is readable.
      await vscode.commands.executeCommand('flyFauna.chooseRunAs', { kind: 'own' });
      const own = await c.run({ query: 'Product.all().pageSize(1)', origin: 'view' });
      assert.equal(own.ok, true, own.error?.message);
      assert.equal(c.lastOutcomeMessage?.type, 'result');
      assert.equal(c.lastOutcomeMessage?.runAs, undefined);

      // As role customer (reads Product: catalog.ts defaultSeed).
      await vscode.commands.executeCommand('flyFauna.chooseRunAs', {
        kind: 'role',
        name: 'customer',
      });
      server.requests.length = 0;
      const ok = await c.run({ query: 'Product.all().pageSize(1)', origin: 'view' });
      assert.equal(ok.ok, true, ok.error?.message);
      assert.deepEqual(server.requests.at(-1)?.identity, {
        database: [],
        role: '@role/customer',
      });
      assert.equal(c.lastOutcomeMessage?.type, 'result');
      assert.equal(c.lastOutcomeMessage?.runAs, 'as role customer');
      if (canDriveUi()) {
        await vscode.commands.executeCommand('flyFauna.fql.focus');
        await c.run({ query: 'Product.all().pageSize(1)', origin: 'view' });
        await ui({ kind: 'webview-text', selector: '#run-as', pattern: '^Ran as role customer$' });
      }

      // As role auditor (no read on Product) the set is empty, as the core filters it
      // (test/fakes/fauna-server/run-as.ts), and an index read of Product is denied.
      await vscode.commands.executeCommand('flyFauna.chooseRunAs', {
        kind: 'role',
        name: 'auditor',
      });
      const empty = await c.run({ query: 'Product.all().pageSize(1)', origin: 'view' });
      assert.equal(empty.ok, true, empty.error?.message);
      const denied = await c.run({ query: 'Product.byName("Product 1")', origin: 'view' });
      assert.equal(denied.ok, false);
      assert.equal(denied.error?.code, 'permission_denied');
      assert.match(
        denied.error?.message ?? '',
        /^Permission denied: Insufficient privileges to read from collection Product\. /,
      );
      assert.deepEqual(server.requests.at(-1)?.identity, { database: [], role: '@role/auditor' });
      assert.equal(c.lastOutcomeMessage?.type, 'error');
      assert.equal(c.lastOutcomeMessage?.runAs, 'as role auditor');
      for (const r of server.requests) assert.ok(!JSON.stringify(r.body).includes(SECRET));
      assert.ok(!JSON.stringify(c.lastOutcomeMessage).includes(SECRET));
    });

    test('a .fql file runs as the chosen identity too', async () => {
      const c = await controller();
      await vscode.commands.executeCommand('flyFauna.chooseRunAs', {
        kind: 'builtin',
        role: 'server-readonly',
      });
      const file = vscode.Uri.joinPath(workspaceRoot(), 'run-as.fql');
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('1 + 1\n'));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      await vscode.commands.executeCommand('flyFauna.runFql', file);
      await waitFor('the file run', () =>
        server.requests.some((r) => r.identity?.role === 'server-readonly') ? true : undefined,
      );
      await waitFor('the labelled result', () =>
        c.lastOutcomeMessage?.runAs === 'as built-in role server-readonly' ? true : undefined,
      );
    });

    test('a missing role is refused with a clear message', async () => {
      const c = await controller();
      await vscode.commands.executeCommand('flyFauna.chooseRunAs', {
        kind: 'role',
        name: 'nobody',
      });
      const out = await c.run({ query: '1 + 1', origin: 'view' });
      assert.equal(out.ok, false);
      assert.match(
        out.error?.message ?? '',
        /did not accept running as role nobody \(401 unauthorized\): there is no role 'nobody'/,
      );
      assert.equal(c.lastOutcomeMessage?.runAs, 'as role nobody');
      assert.ok(!(out.error?.message ?? '').includes(SECRET));
    });

    test('the quick pick lists the database roles; its first item is the own role', async () => {
      const c = await controller();
      await vscode.commands.executeCommand('flyFauna.chooseRunAs', {
        kind: 'role',
        name: 'manager',
      });
      const picking = vscode.commands.executeCommand<unknown>('flyFauna.chooseRunAs');
      // The roles listing is a query to the server (Role.all(), explorer.ts listQuery).
      await waitFor('the roles listing', () =>
        server.requests.some((r) => JSON.stringify(r.body).includes('Role.all()'))
          ? true
          : undefined,
      );
      await waitFor('the quick pick', async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        const done = await Promise.race([picking.then(() => true), sleepTick()]);
        return done ? true : undefined;
      });
      assert.deepEqual(await picking, { kind: 'own' });
      await c.run({ query: '1 + 1', origin: 'view' });
      assert.equal(c.lastOutcomeMessage?.runAs, undefined);
    });
  });
}

/** One turn of the event loop (waitFor polls; this only lets a settled promise win). */
function sleepTick(): Promise<false> {
  return new Promise((resolve) => setImmediate(() => resolve(false)));
}
