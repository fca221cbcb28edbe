// Shared helpers for the suite that runs inside the VS Code extension host.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FlyFaunaApi } from '../../../src/extension/extension';
import type { ExplorerNode } from '../../../src/extension/explorer/tree';
import type { FaunaServerOptions, FaunaTestServer } from '../../fakes/fauna-server/server';
import { startFaunaServer } from '../../fakes/fauna-server/server';

export const EXTENSION_ID = 'fly-fauna.fly-fauna';

/** What activate() returns (a type-only import: nothing of the sources is bundled here). */
export type FlyFaunaTestApi = FlyFaunaApi;

/** Polls `probe` until it returns a value other than undefined, or fails after `ms`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${ms} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function workspaceRoot(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('the suite needs a workspace folder');
  return f.uri;
}

export async function activeExtension(): Promise<vscode.Extension<FlyFaunaTestApi>> {
  const ext = vscode.extensions.getExtension<FlyFaunaTestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  await ext.activate();
  return ext;
}

let uiSeq = 0;

/**
 * Asks the runner (test/vscode/run.mjs) to act in the browser (screenshot, click a
 * dialog button) and waits until it did. The runner watches the extension host's log for
 * the marker line and answers with a file in FLY_FAUNA_TEST_SIGNALS.
 */
export async function ui(action: { kind: string; [k: string]: unknown }): Promise<void> {
  const dir = process.env.FLY_FAUNA_TEST_SIGNALS;
  if (!dir) throw new Error('no runner to ask (FLY_FAUNA_TEST_SIGNALS is not set)');
  const id = `ui-${process.pid}-${++uiSeq}`;
  console.log(`[fly-fauna-ui] ${id} ${JSON.stringify(action)}`);
  const failed = path.join(dir, `${id}.failed`);
  const outcome = await waitFor(
    `the runner to ${action.kind}`,
    () => {
      if (fs.existsSync(failed)) return { error: fs.readFileSync(failed, 'utf8') };
      return fs.existsSync(path.join(dir, `${id}.done`)) ? { error: null } : undefined;
    },
    30_000,
  );
  if (outcome.error !== null)
    throw new Error(`the runner could not ${action.kind}: ${outcome.error}`);
}

/** True when the runner can act in the browser (not under @vscode/test-electron). */
export function canDriveUi(): boolean {
  return Boolean(process.env.FLY_FAUNA_TEST_SIGNALS);
}

/** A screenshot of the workbench for docs/screenshots (saved only when the runner got --screenshots). */
export async function screenshot(name: string, waitFor?: string): Promise<void> {
  if (!canDriveUi() || process.env.FLY_FAUNA_TEST_SCREENSHOTS !== '1') return;
  await ui({ kind: 'screenshot', name, ...(waitFor ? { waitFor } : {}) });
}

/** The extension's API (activating it if needed). */
export async function api(): Promise<FlyFaunaTestApi> {
  return (await activeExtension()).exports;
}

/** A workspace file's URI from a path relative to the workspace root. */
export function wsUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...rel.split('/'));
}

/** Opens a workspace file in an editor. */
export async function openEditor(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(wsUri(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** A diagnostic as [code, severity, startLine, startChar, endLine, endChar] for table assertions. */
export type DiagRow = [
  string,
  'error' | 'warning' | 'info' | 'hint',
  number,
  number,
  number,
  number,
];

export function rows(diags: readonly vscode.Diagnostic[]): DiagRow[] {
  const sev = ['error', 'warning', 'info', 'hint'] as const;
  return diags.map((d) => [
    typeof d.code === 'object' ? String(d.code.value) : String(d.code),
    sev[d.severity],
    d.range.start.line,
    d.range.start.character,
    d.range.end.line,
    d.range.end.character,
  ]);
}

/** Our diagnostics of a document, once `ok` accepts them (polls with a deadline). */
export async function diagnosticsWhen(
  uri: vscode.Uri,
  what: string,
  ok: (d: vscode.Diagnostic[]) => boolean,
  ms = 10_000,
): Promise<vscode.Diagnostic[]> {
  let last: vscode.Diagnostic[] = [];
  try {
    return await waitFor(
      what,
      () => {
        last = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'fly-fauna');
        return ok(last) ? last : undefined;
      },
      ms,
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; last seen: ${JSON.stringify(rows(last))}`, {
      cause: e,
    });
  }
}

/** Writes a flyFauna setting at workspace level (undefined removes it). */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace
    .getConfiguration('flyFauna')
    .update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Puts an edited document back to what is on disk (tests run with autoSave off). */
export async function revert(doc: vscode.TextDocument): Promise<void> {
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor('the revert', () => (doc.isDirty ? undefined : true));
}

/** The path of the repository (the suite bundle lives in <repo>/dist-test). */
export function repoRoot(): string {
  return path.resolve(__dirname, '..');
}

/** Waits until the extension has diagnosed the document's current version; returns our diagnostics. */
export async function settled(doc: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
  const a = await api();
  await waitFor(`a diagnostics pass of ${doc.uri.path} v${doc.version}`, () =>
    a.diagnosticsPasses.some((p) => p.uri === doc.uri.toString() && p.version === doc.version)
      ? true
      : undefined,
  );
  return vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'fly-fauna');
}

/** What {@link connectFauna} starts and how it connects the workspace folder. */
export interface ConnectFaunaOptions extends FaunaServerOptions {
  /**
   * The secret the folder's .env gives (default `secret`, the test server's default key);
   * null starts the server only, for the suite to `connect()` later.
   */
  secret?: string | null;
  /** The .env variable: FAUNA_SECRET_KEY (default) or the Fly starter kit's FAUNA_SECRET. */
  envName?: 'FAUNA_SECRET_KEY' | 'FAUNA_SECRET';
  /** Workspace files or folders (relative paths) the suite makes: `clear()` deletes them too. */
  files?: string[];
  /** `clear()` closes all editors first (default true). */
  closeEditors?: boolean;
  /** `disconnect()` first sets Run as back to own (flyFauna.chooseRunAs). */
  runAsOwn?: boolean;
  /** `disconnect()` refreshes the Database view once the endpoint is unset. */
  refreshExplorer?: boolean;
}

/** The Fauna test server of a suite and the workspace folder pointed at it. */
export interface FaunaConnection {
  readonly server: FaunaTestServer;
  /**
   * Writes the .env secret (default: the options' secret, else `secret`), then sets the
   * flyFauna.fauna.endpoint setting to `endpoint` (default: the server).
   */
  connect(secret?: string, endpoint?: string): Promise<void>;
  /** Closes the editors, deletes .env and the suite's files, unsets the endpoint. */
  clear(): Promise<void>;
  /** [Run as own,] clear(), [refresh the Database view,] closes the server. */
  disconnect(): Promise<void>;
}

/**
 * Starts the Fauna test server (test/fakes/fauna-server/server.ts) and, unless
 * `secret` is null, connects the workspace folder to it as a user does: the secret in
 * the folder's .env (as the Fly starter kit keeps it), the endpoint in the setting.
 * Should connecting fail, what it did is undone before the error is thrown.
 */
export async function connectFauna(opts: ConnectFaunaOptions = {}): Promise<FaunaConnection> {
  const { secret = 'secret', envName = 'FAUNA_SECRET_KEY', files = [], ...rest } = opts;
  const { closeEditors = true, runAsOwn = false, refreshExplorer = false, ...serverOpts } = rest;
  const server = await startFaunaServer(serverOpts);
  const endpointSetting = (url: string | undefined) =>
    vscode.workspace
      .getConfiguration('flyFauna.fauna')
      .update('endpoint', url, vscode.ConfigurationTarget.Workspace);
  const connection: FaunaConnection = {
    server,
    async connect(s = secret ?? 'secret', endpoint = server.url) {
      await vscode.workspace.fs.writeFile(
        wsUri('.env'),
        new TextEncoder().encode(`${envName}=${s}\n`),
      );
      // After the .env: the view re-reads endpoint and secret on this change (not on files).
      await endpointSetting(endpoint);
    },
    async clear() {
      if (closeEditors) await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const name of ['.env', ...files]) {
        try {
          await vscode.workspace.fs.delete(wsUri(name), { recursive: true });
        } catch {
          // Not there.
        }
      }
      // After the .env, for the same reason as in connect().
      await endpointSetting(undefined);
    },
    async disconnect() {
      if (runAsOwn) await vscode.commands.executeCommand('flyFauna.chooseRunAs', { kind: 'own' });
      await connection.clear();
      if (refreshExplorer) (await api()).explorer?.provider.refresh();
      await server.close();
    },
  };
  if (secret !== null) {
    try {
      await connection.connect();
    } catch (e) {
      await connection.clear().finally(() => server.close());
      throw e;
    }
  }
  return connection;
}

/** The extension's Database view, as activate() exposes it. */
export type Explorer = NonNullable<FlyFaunaApi['explorer']>;

/** A Database view node's label text. */
export function treeLabel(e: Explorer, n: ExplorerNode): string {
  const l = e.provider.getTreeItem(n).label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/** The labels of a node's children (the roots for undefined). */
export async function treeLabels(e: Explorer, n?: ExplorerNode): Promise<string[]> {
  return (await e.provider.getChildren(n)).map((c) => treeLabel(e, c));
}

/** The child of `n` (a root for undefined) labelled `name`; fails naming the others. */
export async function treeChild(
  e: Explorer,
  n: ExplorerNode | undefined,
  name: string,
): Promise<ExplorerNode> {
  const all = await e.provider.getChildren(n);
  const found = all.find((c) => treeLabel(e, c) === name);
  assert.ok(found, `${name} not among ${all.map((c) => treeLabel(e, c)).join(', ')}`);
  return found;
}
