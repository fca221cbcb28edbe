/**
 * The FQL view's host side: serves the webview (strict CSP, nonce), validates every
 * message it sends, runs queries through the shared {@link FaunaRunner}, keeps the
 * shown result for *Load more*, export and copy, and the history in workspaceState.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { parseArgumentsJson } from '../../core/fql/args';
import type { QueryArguments } from '../../core/fql/args';
import { displayEndpoint } from '../../core/fql/errors';
import { exportCsv, exportJson } from '../../core/fql/export';
import type { EndpointInfo, FromWebview, ToWebview } from '../../core/fql/protocol';
import { parseFromWebview, pushHistory } from '../../core/fql/protocol';
import type { QueryResult } from '../../core/fql/result';
import { appendPage } from '../../core/fql/result';
import { webviewHtml } from '../../core/webview-html';
import type { QueryOutcome } from '../../node/fauna/runner';
import { FaunaRunner } from '../../node/fauna/runner';
import type { RunAsIdentity } from '../../core/fauna/scoped-secret';
import { databaseLabel, label, refusedMessage, scopedSecret } from '../../core/fauna/scoped-secret';
import type { QueryError } from '../../core/fql/errors';
import type { FqlConnection } from './connection';
import { pickFolder, promptForSecret, resolveFqlConnection } from './connection';
import { readRunAs } from './run-as';

export const FQL_VIEW_ID = 'flyFauna.fql';
const HISTORY_KEY = 'flyFauna.fql.history';
const MAX_QUEUED = 8;

/** A query to run, from the view, a `.fql` file or an `fql` template in JS/TS. */
export interface RunRequest {
  query: string;
  arguments?: QueryArguments;
  typecheck?: boolean;
  origin: 'view' | 'file' | 'template';
  /** The document the query came from (picks the workspace folder). */
  uri?: vscode.Uri;
  requestId?: string;
  token?: vscode.CancellationToken;
  /**
   * The child database to run in, as a path below the folder's own database (the
   * Database view's *Query This Collection*); absent or [] for the folder's own database.
   */
  database?: readonly string[];
}

export class FqlController implements vscode.WebviewViewProvider, vscode.Disposable {
  readonly #ctx: vscode.ExtensionContext;
  readonly #runner = new FaunaRunner({
    secretHint:
      'run "Fly + Fauna: Set Fauna Secret", or set FAUNA_SECRET in the environment or the folder\'s .env',
  });
  #view: vscode.WebviewView | undefined;
  #ready = false;
  #queue: ToWebview[] = [];
  readonly #inflight = new Map<string, AbortController>();
  #shown: {
    result: QueryResult;
    uri?: vscode.Uri;
    identity: RunAsIdentity;
    database: readonly string[];
  } | null = null;
  readonly #disposables: vscode.Disposable[] = [];
  #counter = 0;
  /**
   * Where the view's own Run (and Ctrl+Enter) goes: a child database's path and the
   * folder it belongs to, set by the Database view's *Query This Collection*; null for the
   * folder's own database. Kept here, not in the webview (which can only clear it); per
   * session, not persisted; reset when the endpoint, secret or workspace folders change.
   */
  #viewDatabase: { path: readonly string[]; uri?: vscode.Uri } | null = null;

  constructor(ctx: vscode.ExtensionContext) {
    this.#ctx = ctx;
    this.#disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Another endpoint or profile: a child database path of the old one means nothing.
        if (e.affectsConfiguration('flyFauna.fauna')) this.setViewDatabase([]);
        if (e.affectsConfiguration('flyFauna.fauna') || e.affectsConfiguration('flyFauna.query'))
          void this.refreshConfig();
      }),
      ctx.secrets.onDidChange(() => {
        this.setViewDatabase([]);
        void this.refreshConfig();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.setViewDatabase([])),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.#sendInit()),
    );
  }

  dispose(): void {
    for (const ac of this.#inflight.values()) ac.abort();
    this.#inflight.clear();
    this.#runner.close();
    for (const d of this.#disposables) d.dispose();
  }

  /** The last shown result (tests and export read it). */
  get shownResult(): QueryResult | null {
    return this.#shown?.result ?? null;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.#view = view;
    this.#ready = false;
    const root = this.#ctx.extensionUri;
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(root, 'dist', 'webview'),
        vscode.Uri.joinPath(root, 'media', 'fql'),
      ],
    };
    view.webview.html = webviewHtml({
      title: 'FQL',
      cspSource: view.webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: view.webview
        .asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'webview', 'fql.js'))
        .toString(),
      styleUris: [
        view.webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'fql', 'fql.css')).toString(),
      ],
      body: '<main id="app"></main>',
    });
    view.webview.onDidReceiveMessage(
      (raw: unknown) => void this.#onMessage(raw),
      undefined,
      this.#disposables,
    );
    view.onDidDispose(() => {
      if (this.#view === view) {
        this.#view = undefined;
        this.#ready = false;
      }
    });
  }

  /** The child database path the view's Run goes to ([] for the folder's own database). */
  get viewDatabase(): readonly string[] {
    return this.#viewDatabase?.path ?? [];
  }

  /** The folder the view's database is of (its Run's `uri`); undefined for the first. */
  get viewDatabaseUri(): vscode.Uri | undefined {
    return this.#viewDatabase?.uri;
  }

  /**
   * Sets where the view's own Run goes: `database` below the folder of `uri` (its first
   * folder without one), or [] for the folder's own database. Editor runs are not
   * affected: they always run in their folder's own database.
   */
  setViewDatabase(database: readonly string[], uri?: vscode.Uri): void {
    const before = this.viewDatabase;
    this.#viewDatabase =
      database.length > 0 ? { path: [...database], ...(uri ? { uri } : {}) } : null;
    if (databaseLabel(before) === databaseLabel(database)) return;
    // Not queued while the view is not ready: `init` carries it then.
    if (this.#view && this.#ready)
      void this.#view.webview.postMessage({
        type: 'database',
        database: database.length > 0 ? databaseLabel(database) : null,
      } satisfies ToWebview);
  }

  /**
   * A message as the webview posts it, validated like one (the host tests drive the view
   * through it: Run, the database chip's ×).
   */
  receive(raw: unknown): Promise<void> {
    return this.#onMessage(raw);
  }

  /** The last result or error message sent to the view (the host tests read it). */
  lastOutcomeMessage: Extract<ToWebview, { type: 'result' | 'error' }> | undefined;

  #post(msg: ToWebview): void {
    if (msg.type === 'result' || msg.type === 'error') this.lastOutcomeMessage = msg;
    if (this.#view && this.#ready) void this.#view.webview.postMessage(msg);
    else {
      // Held until the view is ready; only the latest few matter (a result can be big).
      this.#queue.push(msg);
      if (this.#queue.length > MAX_QUEUED) this.#queue.splice(0, this.#queue.length - MAX_QUEUED);
    }
  }

  async #onMessage(raw: unknown): Promise<void> {
    const msg = parseFromWebview(raw);
    if (!msg) return; // Malformed or unknown: the webview is the less trusted side.
    await this.#handle(msg);
  }

  async #handle(msg: FromWebview): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.#ready = true;
        await this.#sendInit();
        for (const m of this.#queue.splice(0)) void this.#view?.webview.postMessage(m);
        return;
      case 'run': {
        const args = parseArgumentsJson(msg.arguments);
        if (!args.ok) {
          this.#post({
            type: 'error',
            requestId: msg.requestId,
            error: { code: 'invalid_arguments', message: args.error, summary: '', position: null },
          });
          return;
        }
        // The view's Run goes to the view's database (the chip), in the folder it is of.
        const target = this.#viewDatabase;
        await this.run({
          query: msg.query,
          arguments: args.value,
          typecheck: msg.typecheck,
          origin: 'view',
          requestId: msg.requestId,
          ...(target ? { database: target.path, ...(target.uri ? { uri: target.uri } : {}) } : {}),
        });
        return;
      }
      case 'clearDatabase':
        this.setViewDatabase([]);
        return;
      case 'cancel':
        this.#inflight.get(msg.requestId)?.abort();
        return;
      case 'loadMore':
        await this.loadMore(msg.requestId);
        return;
      case 'export':
        await this.#export(msg.format);
        return;
      case 'copy':
        await this.#copy(msg.format);
        return;
      case 'setSecret':
        await vscode.commands.executeCommand('flyFauna.setFaunaSecret');
        return;
      default: {
        const never: never = msg;
        return never;
      }
    }
  }

  async #sendInit(): Promise<void> {
    const conn = await this.#connection();
    const typecheck = vscode.workspace
      .getConfiguration('flyFauna.query')
      .get<boolean>('typecheck', false);
    const msg: ToWebview = {
      type: 'init',
      history: this.#history(),
      endpoint: endpointInfo(conn),
      typecheck,
      trusted: vscode.workspace.isTrusted,
      ...(this.#viewDatabase ? { database: databaseLabel(this.#viewDatabase.path) } : {}),
    };
    if (this.#view && this.#ready) void this.#view.webview.postMessage(msg);
  }

  /** Re-reads endpoint and secret and tells the view. */
  async refreshConfig(): Promise<void> {
    this.#runner.close();
    if (!this.#view || !this.#ready) return;
    this.#post({ type: 'config', endpoint: endpointInfo(await this.#connection()) });
  }

  #connection(uri?: vscode.Uri): Promise<FqlConnection> {
    return resolveFqlConnection(this.#ctx.secrets, pickFolder(uri));
  }

  #history(): string[] {
    const h = this.#ctx.workspaceState.get<unknown>(HISTORY_KEY);
    return Array.isArray(h) ? h.filter((x): x is string => typeof x === 'string') : [];
  }

  /** Shows the view (so a file's result lands there). */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${FQL_VIEW_ID}.focus`, { preserveFocus: true });
  }

  /**
   * Runs a query and shows its outcome in the view. Never sends anything from an
   * untrusted workspace.
   */
  /**
   * A run from an editor (a `.fql` file or an `fql` template): reveals the view, reads the
   * document's `flyFauna.query.typecheck`, and runs with window progress and Cancel.
   */
  async runFromEditor(
    req: Omit<RunRequest, 'token' | 'typecheck' | 'uri'> & { uri: vscode.Uri },
  ): Promise<QueryOutcome> {
    await this.reveal();
    const typecheck = vscode.workspace
      .getConfiguration('flyFauna.query', req.uri)
      .get<boolean>('typecheck', false);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Running FQL…', cancellable: true },
      (_progress, token) => this.run({ ...req, token, typecheck }),
    );
  }

  async run(req: RunRequest): Promise<QueryOutcome> {
    const requestId = req.requestId ?? `h${Date.now().toString(36)}${++this.#counter}`;
    this.#post({
      type: 'running',
      requestId,
      query: req.query,
      origin: req.origin,
      // A run from an editor (a template, a .fql file, the Database view) puts the
      // arguments it ran with into the view's box, none included, so the box never shows
      // arguments the shown query did not use, and a rerun there has the same ones.
      ...(req.origin !== 'view'
        ? {
            arguments:
              req.arguments && Object.keys(req.arguments).length > 0
                ? JSON.stringify(req.arguments, null, 2)
                : '',
          }
        : {}),
    });
    if (!vscode.workspace.isTrusted) {
      const outcome: QueryOutcome = {
        ok: false,
        error: {
          code: 'untrusted',
          message:
            'Queries are not sent from an untrusted workspace. Trust the workspace to run FQL.',
          summary: '',
          position: null,
        },
      };
      this.#post({ type: 'error', requestId, error: outcome.error });
      return outcome;
    }
    const history = pushHistory(this.#history(), req.query);
    await this.#ctx.workspaceState.update(HISTORY_KEY, history);
    this.#post({ type: 'history', history });
    const conn = await this.#connection(req.uri);
    const identity = readRunAs(this.#ctx.workspaceState);
    const database = req.database ?? [];
    const where = whereLabels(identity, database);
    const secret = this.#scoped(conn, identity, database);
    if (!secret.ok) {
      const outcome: QueryOutcome = { ok: false, error: secret.error };
      this.#post({ type: 'error', requestId, error: secret.error, ...where });
      return outcome;
    }
    const ac = new AbortController();
    this.#inflight.set(requestId, ac);
    const sub = req.token?.onCancellationRequested(() => ac.abort());
    try {
      const timeoutMs = vscode.workspace
        .getConfiguration('flyFauna.query', pickFolder(req.uri))
        .get<number>('timeoutMs', 5000);
      const outcome = await this.#runner.run(
        { endpoint: conn.endpoint.value, secret: secret.value },
        {
          query: req.query,
          ...(req.arguments ? { arguments: req.arguments } : {}),
          ...(req.typecheck !== undefined ? { typecheck: req.typecheck } : {}),
          timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : 5000,
          signal: ac.signal,
        },
      );
      if (outcome.ok) {
        this.#shown = {
          result: outcome.result,
          identity,
          database,
          ...(req.uri ? { uri: req.uri } : {}),
        };
        this.#post({
          type: 'result',
          requestId,
          result: outcome.result,
          append: false,
          ...where,
        });
      } else {
        refused(outcome.error, identity, conn, database);
        this.#post({ type: 'error', requestId, error: outcome.error, ...where });
      }
      return outcome;
    } finally {
      sub?.dispose();
      this.#inflight.delete(requestId);
    }
  }

  /** The next page of the shown set, appended to it (the view's *Load more*). */
  async loadMore(requestId = `h${Date.now().toString(36)}${++this.#counter}`): Promise<void> {
    const shown = this.#shown;
    if (!shown || shown.result.after === null || !vscode.workspace.isTrusted) {
      this.#post({
        type: 'error',
        requestId,
        error: {
          code: 'no_more',
          message: 'There is no next page to load.',
          summary: '',
          position: null,
        },
      });
      return;
    }
    const conn = await this.#connection(shown.uri);
    // The next page as the identity that ran the query, in the database it ran in (a
    // cursor is tied to both).
    const secret = this.#scoped(conn, shown.identity, shown.database);
    const where = whereLabels(shown.identity, shown.database);
    if (!secret.ok) {
      this.#post({ type: 'error', requestId, error: secret.error, ...where });
      return;
    }
    const ac = new AbortController();
    this.#inflight.set(requestId, ac);
    try {
      const outcome = await this.#runner.loadMore(
        { endpoint: conn.endpoint.value, secret: secret.value },
        shown.result.after,
        { signal: ac.signal },
      );
      if (!outcome.ok) {
        refused(outcome.error, shown.identity, conn, shown.database);
        this.#post({ type: 'error', requestId, error: outcome.error, ...where });
        return;
      }
      const next = outcome.result;
      if (this.#shown === shown) this.#shown = { ...shown, result: appendPage(shown.result, next) };
      this.#post({
        type: 'result',
        requestId,
        result: next,
        append: true,
        ...where,
      });
    } finally {
      this.#inflight.delete(requestId);
    }
  }

  async #export(format: 'json' | 'csv'): Promise<void> {
    const shown = this.#shown;
    if (!shown) {
      this.#post({
        type: 'notice',
        level: 'error',
        message: 'Run a query first: there is no result to export.',
      });
      return;
    }
    const text = format === 'json' ? exportJson(shown.result.data) : exportCsv(shown.result.data);
    const folder = pickFolder(shown.uri);
    const target = await vscode.window.showSaveDialog({
      title: `Export result as ${format.toUpperCase()}`,
      filters: format === 'json' ? { JSON: ['json'] } : { CSV: ['csv'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder.uri, `fql-result.${format}`) } : {}),
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    this.#post({
      type: 'notice',
      level: 'info',
      message: `Saved ${vscode.workspace.asRelativePath(target)}.`,
    });
  }

  async #copy(format: 'json' | 'csv'): Promise<void> {
    const shown = this.#shown;
    if (!shown) return;
    await vscode.env.clipboard.writeText(
      format === 'json' ? exportJson(shown.result.data) : exportCsv(shown.result.data),
    );
    this.#post({ type: 'notice', level: 'info', message: `Copied as ${format.toUpperCase()}.` });
  }

  /** *Set Fauna Secret* for the folder of `uri` (or the first folder). */
  /** The *Set Fauna Secret* box while it is open (the host tests type into it). */
  secretInput: vscode.InputBox | undefined;

  async setSecret(uri?: vscode.Uri): Promise<void> {
    if (
      await promptForSecret(this.#ctx.secrets, pickFolder(uri), (box) => (this.secretInput = box))
    ) {
      void vscode.window.showInformationMessage(
        'Fauna secret saved in SecretStorage for this folder.',
      );
    }
  }

  /**
   * The secret to send for `identity` in `database` (a child database's path, [] for the
   * folder's own): the base secret, scoped when the identity is not the secret's own role
   * or the database is a child (core scoped-secret.ts). No secret stays undefined (the
   * runner says how to set one).
   */
  #scoped(
    conn: FqlConnection,
    identity: RunAsIdentity,
    database: readonly string[],
  ): { ok: true; value: string | undefined } | { ok: false; error: QueryError } {
    const base = conn.secret?.value;
    if (!base) return { ok: true, value: base };
    const built = scopedSecret(base, identity, database);
    if (built.ok) return built;
    const message =
      database.length > 0
        ? `Cannot run in database ${databaseLabel(database)}: ${built.error}.`
        : built.error;
    return {
      ok: false,
      error: { code: 'invalid_scope', message, summary: '', position: null },
    };
  }

  /** Cancels every query in flight. */
  cancelAll(): void {
    for (const ac of this.#inflight.values()) ac.abort();
  }
}

/**
 * A 401 when a scope was set (an identity, a child database): it was refused; say so,
 * naming the identity and the database path (never the secret).
 */
function refused(
  error: QueryError,
  identity: RunAsIdentity,
  conn: FqlConnection,
  database: readonly string[],
): void {
  if (error.code === 'unauthorized' && (identity.kind !== 'own' || database.length > 0))
    error.message = refusedMessage(identity, displayEndpoint(conn.endpoint.value), database);
}

/** The labels a result or error carries: who it ran as, and in which child database. */
function whereLabels(
  identity: RunAsIdentity,
  database: readonly string[],
): { runAs?: string; database?: string } {
  return {
    ...(identity.kind === 'own' ? {} : { runAs: label(identity) }),
    ...(database.length > 0 ? { database: databaseLabel(database) } : {}),
  };
}

function endpointInfo(conn: FqlConnection): EndpointInfo {
  return {
    url: displayEndpoint(conn.endpoint.value),
    source: conn.endpoint.source,
    secretSource: conn.secret?.source ?? null,
  };
}
