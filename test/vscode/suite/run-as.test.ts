// "Run as" in a real extension host: Fly + Fauna: Run Queries As… stores an identity,
// every run (view, .fql file) sends the scoped secret the Fauna test server resolves
// (test/fakes/fauna-server/auth.ts, run-as.ts), the result and error messages to the
// view carry the identity's label, and a missing role is the clear refusal.
import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { defaultSeed } from '../../fakes/fauna-server/catalog';
import { startFaunaServer } from '../../fakes/fauna-server/server';
import type { FaunaConnection } from './helpers';
import { canDriveUi, connectFauna, ui, waitFor, workspaceRoot } from './helpers';

const EXTENSION_ID = 'fly-fauna.fly-fauna';
const SECRET = 'fnRunAs-host-secret-91d2';
const FILLERS = 60;
const filler = (i: number) => `filler${String(i).padStart(2, '0')}`;

interface Outcome {
  ok: boolean;
  error?: { code: string; message: string };
}
type Pick = vscode.QuickPick<vscode.QuickPickItem & { identity?: unknown }>;
interface RunAsTestApi {
  fql?: {
    runAs: { pick: Pick | undefined; input: vscode.InputBox | undefined };
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

async function fqlApi(): Promise<NonNullable<RunAsTestApi['fql']>> {
  const ext = vscode.extensions.getExtension<RunAsTestApi>(EXTENSION_ID);
  if (!ext) throw new Error('extension missing');
  const fql = (await ext.activate()).fql;
  if (!fql) throw new Error('activate() exposes no FQL api');
  return fql;
}

async function controller(): Promise<NonNullable<RunAsTestApi['fql']>['controller']> {
  return (await fqlApi()).controller;
}

export function runAsTests(): void {
  suite('FQL: Run Queries As…', () => {
    let fauna: FaunaConnection;
    let server: FaunaTestServer;
    suiteSetup(async () => {
      // The default seed plus `auditor`, a role that may read Order but not Product.
      // Sixty more before it, so `auditor` is on the listing's second page (50 a page,
      // explorer.ts EXPLORER_PAGE_SIZE).
      const catalog = defaultSeed();
      catalog.roles = [
        ...(catalog.roles ?? []),
        ...Array.from({ length: FILLERS }, (_, i) => ({ name: filler(i) })),
        { name: 'auditor', privileges: [{ resource: 'Order', actions: { read: true } }] },
      ];
      fauna = await connectFauna({
        secrets: [SECRET],
        catalog,
        secret: null,
        envName: 'FAUNA_SECRET',
        files: ['run-as.fql'],
        runAsOwn: true,
      });
      server = fauna.server;
      server.addDocument('Order', { total: 5 });
      await fauna.connect(SECRET);
    });
    suiteTeardown(async () => {
      await fauna?.disconnect();
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

    test('the pick lists every page of roles; Down to a role on page 2 and Enter runs as it', async () => {
      const c = await controller();
      await vscode.commands.executeCommand('flyFauna.chooseRunAs', { kind: 'own' });
      const { picking, qp } = await openPick();
      await listed(qp);
      // Every page: the two seeded roles, the fillers, and auditor (page 2).
      const roles = qp.items.filter((i) => isRole(i.identity)).map((i) => i.label);
      assert.deepEqual(roles, ['customer', 'manager', ...fillerNames(), 'auditor']);
      assert.ok(!qp.items.some((i) => /More than/.test(i.label)));
      const pages = server.requests.filter((r) => /Role\.all\(\)|Set\.paginate/.test(body(r)));
      assert.equal(pages.length, 2, 'two pages of roles');
      // The title says which database the roles come from, never the secret.
      assert.match(
        qp.title ?? '',
        /^Run FQL queries as · roles of http:\/\/127\.0\.0\.1:\d+ \(folder app\)$/,
      );
      assert.equal(qp.title, `Run FQL queries as · roles of ${server.url} (folder app)`);
      assert.ok(!JSON.stringify(qp.items).includes(SECRET));

      // Down (quickInput.next, the Down arrow's command) until auditor, then Enter.
      await moveTo(qp, 'auditor', 'quickInput.next');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.deepEqual(await picking, { kind: 'role', name: 'auditor' });

      // auditor reads Order but not Product (the seed above): an index read of Product is
      // denied (a plain Product.all() would be an empty set, as the core filters it).
      server.requests.length = 0;
      const denied = await c.run({ query: 'Product.byName("Product 1")', origin: 'view' });
      assert.equal(denied.error?.code, 'permission_denied');
      assert.deepEqual(server.requests.at(-1)?.identity, { database: [], role: '@role/auditor' });
      assert.equal(c.lastOutcomeMessage?.runAs, 'as role auditor');
      const allowed = await c.run({ query: 'Order.all().pageSize(1)', origin: 'view' });
      assert.equal(allowed.ok, true, allowed.error?.message);
      assert.equal(c.lastOutcomeMessage?.type, 'result');
      assert.equal(c.lastOutcomeMessage?.runAs, 'as role auditor');
      if (canDriveUi()) {
        await vscode.commands.executeCommand('flyFauna.fql.focus');
        await ui({ kind: 'webview-text', selector: '#run-as', pattern: '^Ran as role auditor$' });
      }

      // Reopened, the pick marks the current choice; Escape changes nothing.
      const again = await openPick();
      await listed(again.qp);
      const current = again.qp.items.filter((i) => i.description === 'current');
      assert.deepEqual(
        current.map((i) => i.label),
        ['auditor'],
      );
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.equal(await again.picking, undefined);
      await c.run({ query: '1 + 1', origin: 'view' });
      assert.equal(c.lastOutcomeMessage?.runAs, 'as role auditor');
    });

    test('A document…: a bad ref shows the parse error and keeps the choice; a good one runs as it', async () => {
      const c = await controller();
      await vscode.commands.executeCommand('flyFauna.chooseRunAs', {
        kind: 'role',
        name: 'manager',
      });
      const fql = await fqlApi();

      // The last row (quickInput.last), Enter: the document box.
      let { picking, qp } = await openPick();
      await listed(qp);
      await moveTo(qp, 'A document…', 'quickInput.last');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      let box = await waitFor('the document box', () => fql.runAs.input);
      assert.equal(box.value, '');
      box.value = 'Product/abc';
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await waitFor('the parse error', () => box.validationMessage);
      assert.equal(box.validationMessage, "the document ID must be digits, not 'abc'");
      assert.equal(fql.runAs.input, box, 'still asking');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.equal(await picking, undefined);
      await c.run({ query: '1 + 1', origin: 'view' });
      assert.equal(c.lastOutcomeMessage?.runAs, 'as role manager', 'the previous choice is kept');

      ({ picking, qp } = await openPick());
      await listed(qp);
      await moveTo(qp, 'A document…', 'quickInput.last');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      box = await waitFor('the document box', () => fql.runAs.input);
      box.value = `Product/${DOC_ID}`;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.deepEqual(await picking, { kind: 'doc', coll: 'Product', id: DOC_ID });
      server.requests.length = 0;
      const who = await c.run({ query: 'Query.identity()', origin: 'view' });
      assert.equal(who.ok, true, who.error?.message);
      assert.deepEqual(server.requests.at(-1)?.identity, {
        database: [],
        role: `@doc/Product/${DOC_ID}`,
      });
      assert.equal(c.lastOutcomeMessage?.runAs, `as document Product/${DOC_ID}`);

      // The box opens on the current document; a missing one is the core's refusal.
      ({ picking, qp } = await openPick());
      await listed(qp);
      await moveTo(qp, 'A document…', 'quickInput.last');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      box = await waitFor('the document box', () => fql.runAs.input);
      assert.equal(box.value, `Product/${DOC_ID}`);
      box.value = 'Product/999';
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.deepEqual(await picking, { kind: 'doc', coll: 'Product', id: '999' });
      const missing = await c.run({ query: '1 + 1', origin: 'view' });
      assert.equal(missing.ok, false);
      assert.match(
        missing.error?.message ?? '',
        /did not accept running as document Product\/999 \(401 unauthorized\): the document Product\/999 does not exist/,
      );
      assert.equal(c.lastOutcomeMessage?.runAs, 'as document Product/999');
    });

    test('Type a role name…: what was typed in the pick, checked by parseRole', async () => {
      const c = await controller();
      await vscode.commands.executeCommand('flyFauna.chooseRunAs', { kind: 'own' });
      const fql = await fqlApi();
      const { picking, qp } = await openPick();
      await listed(qp);
      // Typing a name no role has leaves only the always-shown rows; the first is active.
      qp.value = 'ghost';
      await waitFor('the filtered pick', () =>
        qp.activeItems[0]?.label === 'Type a role name…' ? true : undefined,
      );
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const box = await waitFor('the role box', () => fql.runAs.input);
      assert.equal(box.value, 'ghost', 'prefilled with what was typed');
      box.value = '9x';
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await waitFor('the parse error', () => box.validationMessage);
      const message = box.validationMessage;
      assert.match(typeof message === 'string' ? message : '', /^'9x' is not a role name/);
      assert.equal(fql.runAs.input, box, 'still asking');
      box.value = 'ghost';
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.deepEqual(await picking, { kind: 'role', name: 'ghost' });
      const out = await c.run({ query: '1 + 1', origin: 'view' });
      assert.match(
        out.error?.message ?? '',
        /did not accept running as role ghost \(401 unauthorized\): there is no role 'ghost'/,
      );
    });

    test('the pick is busy while the roles are listed; Escape abandons the listing', async () => {
      // A server that takes the connection and never answers: the listing stays pending.
      const held: net.Socket[] = [];
      const closed = new Set<net.Socket>();
      const silent = net.createServer((sock) => {
        held.push(sock);
        sock.on('error', () => undefined);
        sock.on('close', () => closed.add(sock));
        sock.resume(); // read (and drop) what the client sends, so its FIN is seen
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const port = (silent.address() as net.AddressInfo).port;
      await useEndpoint(`http://127.0.0.1:${port}`);
      try {
        const { picking, qp } = await openPick();
        assert.equal(qp.busy, true);
        assert.ok(qp.items.some((i) => /Listing the database roles/.test(i.label)));
        await waitFor('the listing to connect', () => (held.length > 0 ? true : undefined));
        assert.equal(qp.busy, true, 'still busy while the server says nothing');
        await waitFor('the title', () =>
          qp.title === `Run FQL queries as · roles of http://127.0.0.1:${port} (folder app)`
            ? true
            : undefined,
        );
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        assert.equal(await picking, undefined);
        // The listing's connection is closed, not left waiting.
        await waitFor('the listing connection closed', () =>
          held.every((s) => closed.has(s)) ? true : undefined,
        );
      } finally {
        for (const s of held) s.destroy();
        await new Promise((resolve) => silent.close(resolve));
        await useEndpoint(server.url);
      }
    });

    test('a listing that fails is a row saying why; choosing it keeps the pick open', async () => {
      // A port nothing listens on (taken, then freed): the connection is refused.
      const probe = net.createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const port = (probe.address() as net.AddressInfo).port;
      await new Promise((resolve) => probe.close(resolve));
      await useEndpoint(`http://127.0.0.1:${port}`);
      try {
        const { picking, qp } = await openPick();
        const row = await waitFor(
          'the error row',
          () => (qp.busy ? undefined : qp.items.find((i) => /could not be listed/.test(i.label))),
          15_000,
        );
        assert.match(row.detail ?? '', /127\.0\.0\.1/);
        assert.ok(!(row.detail ?? '').includes(SECRET));
        await selectItem(qp, row);
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        const fql = await fqlApi();
        assert.equal(fql.runAs.pick, qp, 'still open');
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        assert.equal(await picking, undefined);
      } finally {
        await useEndpoint(server.url);
      }
    });

    test('past 1,000 roles the pick says more exist and offers to type a name', async () => {
      const many = defaultSeed();
      many.roles = Array.from({ length: 1005 }, (_, i) => ({
        name: `r${String(i).padStart(4, '0')}`,
      }));
      const big = await startFaunaServer({ secrets: [SECRET], catalog: many });
      await useEndpoint(big.url);
      try {
        const fql = await fqlApi();
        await vscode.commands.executeCommand('flyFauna.chooseRunAs', {
          kind: 'role',
          name: 'r0001',
        });
        const { picking, qp } = await openPick();
        await listed(qp, 'r0999');
        const roles = qp.items.filter((i) => isRole(i.identity));
        assert.equal(roles.length, 1000);
        assert.equal(roles.at(-1)?.label, 'r0999');
        assert.equal(big.requests.length, 20, 'twenty pages of 50, not the 21st');
        const more = qp.items.find((i) => /More than 1,000 roles: type a name…$/.test(i.label));
        assert.ok(more, 'the row saying more exist');
        await selectItem(qp, more);
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        const box = await waitFor('the role box', () => fql.runAs.input);
        assert.equal(box.value, 'r0001', 'nothing typed: the box starts at the current role');
        box.value = 'r1003';
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        assert.deepEqual(await picking, { kind: 'role', name: 'r1003' });
      } finally {
        await useEndpoint(server.url);
        await big.close();
      }
    });
  });
}

const DOC_ID = '400000000000000001';

function fillerNames(): string[] {
  return Array.from({ length: FILLERS }, (_, i) => filler(i));
}

function isRole(identity: unknown): boolean {
  return (identity as { kind?: string } | undefined)?.kind === 'role';
}

function body(r: { body: unknown }): string {
  return JSON.stringify(r.body);
}

async function useEndpoint(url: string): Promise<void> {
  await vscode.workspace
    .getConfiguration('flyFauna.fauna')
    .update('endpoint', url, vscode.ConfigurationTarget.Workspace);
}

/** Runs the command without an argument and waits for its quick pick. */
export async function openPick(): Promise<{ picking: Thenable<unknown>; qp: Pick }> {
  const fql = await fqlApi();
  const picking = vscode.commands.executeCommand<unknown>('flyFauna.chooseRunAs');
  const qp = await waitFor('the Run as pick', () => fql.runAs.pick);
  return { picking, qp };
}

/** Waits until the roles are listed (the pick no longer busy, `role` among them). */
export async function listed(qp: Pick, role = 'auditor'): Promise<void> {
  await waitFor(
    'the roles listed',
    () => (!qp.busy && qp.items.some((i) => i.label === role) ? true : undefined),
    15_000,
  );
}

/**
 * Moves the pick's active row with a workbench navigation command (what the arrow keys
 * run) until the row labelled `label` is active; the workbench tells the extension of
 * each move (onDidChangeActive), so wait for that echo between moves.
 */
export async function moveTo(qp: Pick, label: string, command: string): Promise<void> {
  for (let i = 0; i <= qp.items.length; i++) {
    if (qp.activeItems[0]?.label === label) return;
    const before = qp.activeItems[0];
    await vscode.commands.executeCommand(command);
    await waitFor(`the pick to move after ${command}`, () =>
      qp.activeItems[0] !== before ? true : undefined,
    );
  }
  throw new Error(`never reached ${label}; at ${qp.activeItems[0]?.label}`);
}

/** Makes `item` active through the API and waits for the workbench to echo it. */
async function selectItem(qp: Pick, item: vscode.QuickPickItem): Promise<void> {
  let echoed = false;
  const sub = qp.onDidChangeActive((got) => {
    if (got[0] === item) echoed = true;
  });
  try {
    qp.activeItems = [item];
    await waitFor('the workbench to take the row', () => (echoed ? true : undefined));
  } finally {
    sub.dispose();
  }
}

/** One turn of the event loop (waitFor polls; this only lets a settled promise win). */
function sleepTick(): Promise<false> {
  return new Promise((resolve) => setImmediate(() => resolve(false)));
}

export function runAsUntrustedTests(): void {
  suite('FQL: Run Queries As… in an untrusted workspace', () => {
    test('no pick opens and no role listing is sent', async () => {
      assert.equal(vscode.workspace.isTrusted, false);
      const fauna = await connectFauna({
        secrets: [SECRET],
        secret: SECRET,
        envName: 'FAUNA_SECRET',
        closeEditors: false,
      });
      const server = fauna.server;
      try {
        const fql = await fqlApi();
        assert.equal(await vscode.commands.executeCommand('flyFauna.chooseRunAs'), undefined);
        assert.equal(fql.runAs.pick, undefined);
        assert.equal(
          await vscode.commands.executeCommand('flyFauna.chooseRunAs', { kind: 'role', name: 'x' }),
          undefined,
        );
        assert.equal(server.requests.length, 0);
      } finally {
        await fauna.disconnect();
      }
    });
  });
}
