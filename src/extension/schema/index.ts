/**
 * Schema files in VS Code, as `fly-fauna schema` does them on the command line
 * (src/cli/commands/schema.ts): Compare (the diff editor, database on the left, read
 * only), Push (active or staged, with the version read at Compare so a change made
 * meanwhile is refused, never overwritten), Pull, and Commit / Abandon of a staged
 * schema. The folder is found as the CLI finds it (resolveSchemaDir); the connection as
 * the FQL runner's (resolveFqlConnection). Nothing is sent in an untrusted workspace,
 * and no secret reaches a URI, a message or the log.
 *
 * Test hook: `{ yes: true }` (and `{ stage: true }` for Push) skips the modal, only when
 * the extension runs under tests.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileChange, SchemaFile } from '../../core/fauna/schema';
import { changedFiles, changesText, resolveSchemaDir } from '../../core/fauna/schema';
import { redactText } from '../../core/redact';
import { readFaunaFiles } from '../../node/fauna/connection';
import { SchemaApiError, SchemaClient } from '../../node/fauna/schema-client';
import { readSchemaDir, writeSchemaFiles } from '../../node/fauna/schema-files';
import type { CommandScope } from '../command-runner';
import { registerCommands } from '../command-runner';
import { COMMANDS } from '../contributions';
import type { Ctx } from '../ctx';
import { UserError } from '../ctx';
import { pickFolder, resolveFqlConnection } from '../fql/connection';

export const SCHEMA_SCHEME = 'fly-fauna-schema';

/**
 * The database's files as read-only documents: `fly-fauna-schema:/<folder>/<file>`.
 * The URI names the workspace folder and the file only (never the endpoint or secret).
 */
export class RemoteSchemaDocuments
  implements vscode.TextDocumentContentProvider, vscode.Disposable
{
  readonly #texts = new Map<string, string>();
  readonly #changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.#changed.event;

  uriFor(folder: vscode.WorkspaceFolder, name: string): vscode.Uri {
    const segments = [folder.name, ...name.split('/')];
    return vscode.Uri.from({
      scheme: SCHEMA_SCHEME,
      path: '/' + segments.map(encodeURIComponent).join('/'),
    });
  }

  set(uri: vscode.Uri, text: string): void {
    const key = uri.toString();
    if (this.#texts.get(key) === text) return;
    this.#texts.set(key, text);
    this.#changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.#texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.#changed.dispose();
  }
}

/** What a folder's last Compare (or Pull, or Push) read: the schema version. */
interface Seen {
  version: number;
}

export interface SchemaApi {
  documents: RemoteSchemaDocuments;
}

/** Test hook arguments (honoured only in ExtensionMode.Test). */
interface Args {
  yes?: boolean;
  stage?: boolean;
}

function testArgs(ctx: Ctx, arg: unknown): Args {
  if (ctx.extension.extensionMode !== vscode.ExtensionMode.Test) return {};
  if (typeof arg !== 'object' || arg === null || arg instanceof vscode.Uri) return {};
  return arg;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A SchemaApiError as a message (redacted, though none is built from a secret). */
function apiError(e: unknown, what: string): never {
  if (e instanceof SchemaApiError) {
    throw new UserError(
      redactText(`${what}: ${e.message}`),
      e.kind === 'unauthorized' || e.kind === 'forbidden'
        ? [{ title: 'Set Fauna Secret', command: 'flyFauna.setFaunaSecret' }]
        : [],
    );
  }
  throw e;
}

export function registerSchema(ctx: Ctx): SchemaApi {
  const documents = new RemoteSchemaDocuments();
  const seen = new Map<string, Seen>();
  ctx.push(
    documents,
    vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, documents),
  );

  const refuseUntrusted = (what: string) => {
    if (!vscode.workspace.isTrusted)
      throw new UserError(
        `Fly + Fauna sends nothing to Fauna in an untrusted workspace; trust the workspace to ${what}.`,
        [],
        'warning',
      );
  };

  /** Folder, connection, schema folder and a client for one command. */
  async function session(scope: CommandScope, arg: unknown, needDir: boolean) {
    const folder = pickFolder(arg instanceof vscode.Uri ? arg : undefined);
    if (!folder || folder.uri.scheme !== 'file')
      throw new UserError('Open a folder to work with its Fauna schema files.');
    const conn = await resolveFqlConnection(ctx.extension.secrets, folder);
    for (const w of conn.warnings) ctx.warnOnce(w);
    if (!conn.secret)
      throw new UserError(
        'No Fauna secret for this folder: run Set Fauna Secret, or set FAUNA_SECRET in .env (an admin key for Push, Commit and Abandon).',
        [{ title: 'Set Fauna Secret', command: 'flyFauna.setFaunaSecret' }],
      );
    const cwd = folder.uri.fsPath;
    const profile =
      vscode.workspace
        .getConfiguration('flyFauna.fauna', folder)
        .get<string>('profile', '')
        .trim() ||
      process.env.FAUNA_PROFILE ||
      '';
    const choice = resolveSchemaDir({
      files: await readFaunaFiles(cwd, process.env),
      ...(profile ? { profile } : {}),
    });
    const dir = path.resolve(cwd, choice.dir);
    if (needDir) {
      const st = await stat(dir).catch(() => null);
      if (!st?.isDirectory())
        throw new UserError(
          `The schema folder ${choice.dir} (from ${choice.source}) does not exist in ${folder.name}.`,
        );
    }
    const client = new SchemaClient({
      endpoint: conn.endpoint.value,
      secret: conn.secret.value,
      signal: scope.signal,
    });
    ctx.log.info(
      `schema: ${folder.name}, folder ${choice.dir} (${choice.source}), endpoint from ${conn.endpoint.source}`,
    );
    return { folder, dir, rel: choice.dir, client, key: folder.uri.toString() };
  }

  async function readLocal(dir: string): Promise<SchemaFile[]> {
    try {
      return await readSchemaDir(dir);
    } catch (e) {
      throw new UserError(`Cannot read the schema folder ${dir}: ${(e as Error).message}`);
    }
  }

  /** Compare: the changed files in the diff editor. Returns the changes shown. */
  async function diff(scope: CommandScope, arg?: unknown) {
    refuseUntrusted('compare schema files with the database');
    const s = await session(scope, arg, true);
    try {
      const local = await readLocal(s.dir);
      const remote = await s.client.pull().catch((e: unknown) => apiError(e, 'Compare Schema'));
      seen.set(s.key, { version: remote.version });
      const changes = changedFiles(local, remote.files);
      const byName = new Map(remote.files.map((f) => [f.name, f.content]));
      for (const f of remote.files) documents.set(documents.uriFor(s.folder, f.name), f.content);
      if (changes.length === 0) {
        void vscode.window.showInformationMessage(
          `No changes: ${s.rel} matches the database (schema version ${remote.version}).`,
        );
        return { changes, version: remote.version };
      }
      const pair = (c: FileChange) => {
        const left = documents.uriFor(s.folder, c.name);
        if (!byName.has(c.name)) documents.set(left, '');
        const right =
          c.kind === 'removed'
            ? documents.uriFor(s.folder, `${c.name}.only-in-database`)
            : vscode.Uri.file(path.join(s.dir, ...c.name.split('/')));
        if (c.kind === 'removed') documents.set(right, '');
        const note = { added: 'new', changed: 'changed', removed: 'only in the database' }[c.kind];
        return { left, right, title: `${c.name} (database ↔ ${s.rel}, ${note})` };
      };
      if (changes.length === 1) {
        const p = pair(changes[0]);
        await vscode.commands.executeCommand('vscode.diff', p.left, p.right, p.title, {
          preview: false,
        });
        return { changes, version: remote.version };
      }
      const commands = await vscode.commands.getCommands(true);
      if (commands.includes('vscode.changes')) {
        await vscode.commands.executeCommand(
          'vscode.changes',
          `Schema: database ↔ ${s.rel} (${plural(changes.length, 'file')})`,
          changes.map((c) => {
            const p = pair(c);
            return [p.right, p.left, p.right];
          }),
        );
        return { changes, version: remote.version };
      }
      const picked = await vscode.window.showQuickPick(
        changes.map((c) => ({ label: c.name, description: c.kind, change: c })),
        { title: `${plural(changes.length, 'schema file')} differ from the database` },
      );
      if (picked) {
        const p = pair(picked.change);
        await vscode.commands.executeCommand('vscode.diff', p.left, p.right, p.title);
      }
      return { changes, version: remote.version };
    } finally {
      s.client.close();
    }
  }

  async function push(scope: CommandScope, arg?: unknown) {
    refuseUntrusted('push schema files');
    const a = testArgs(ctx, arg);
    const s = await session(scope, arg, true);
    try {
      const local = await readLocal(s.dir);
      const remote = await s.client.pull().catch((e: unknown) => apiError(e, 'Push Schema'));
      const before = seen.get(s.key);
      if (before && before.version !== remote.version) {
        seen.delete(s.key);
        throw new UserError(
          `The database's schema changed since you compared it (version ${before.version}, now ${remote.version}); nothing was pushed. Compare again before pushing.`,
          [{ title: 'Compare Schema', command: COMMANDS.diffSchema }],
        );
      }
      const version = before?.version ?? remote.version;
      const changes = changedFiles(local, remote.files);
      if (changes.length === 0) {
        void vscode.window.showInformationMessage(
          `Nothing to push: the database has the files in ${s.rel}.`,
        );
        return { pushed: false as const };
      }
      let staged = a.stage === true;
      if (a.yes !== true) {
        const go = await vscode.window.showWarningMessage(
          `Push ${plural(local.length, 'schema file')} from ${s.rel} to the database?`,
          {
            modal: true,
            detail: `${changesText(changes)}\nThe files sent replace the database's whole schema (version ${version}). Stage pushes a staged schema to commit later (not in the root database).`,
          },
          'Push',
          'Stage',
        );
        if (go !== 'Push' && go !== 'Stage') return { pushed: false as const };
        staged = go === 'Stage';
      }
      const next = await s.client.update(local, { version, staged }).catch((e: unknown) => {
        seen.delete(s.key);
        return apiError(e, 'Push Schema');
      });
      seen.set(s.key, { version: next });
      void vscode.window.showInformationMessage(
        `Pushed ${plural(local.length, 'file')} from ${s.rel}${staged ? ' as a staged schema (Commit Staged Schema applies it)' : ''}; schema version ${next}.`,
      );
      return { pushed: true as const, staged, version: next, changes };
    } finally {
      s.client.close();
    }
  }

  async function pull(scope: CommandScope, arg?: unknown) {
    refuseUntrusted('pull schema files');
    const a = testArgs(ctx, arg);
    const s = await session(scope, arg, false);
    try {
      const st = await stat(s.dir).catch(() => null);
      if (st && !st.isDirectory()) throw new UserError(`${s.rel} is not a folder.`);
      const remote = await s.client.pull().catch((e: unknown) => apiError(e, 'Pull Schema'));
      const local = st ? await readLocal(s.dir) : [];
      const changes = changedFiles(remote.files, local);
      const write = remote.files.filter((f) =>
        changes.some((c) => c.name === f.name && c.kind !== 'removed'),
      );
      const kept = changes.filter((c) => c.kind === 'removed').map((c) => c.name);
      if (write.length === 0) {
        seen.set(s.key, { version: remote.version });
        void vscode.window.showInformationMessage(
          `No changes to pull: ${s.rel} has the database's files${kept.length ? ` (and ${plural(kept.length, 'local file')} it lacks)` : ''}.`,
        );
        return { written: [] as string[], kept };
      }
      if (a.yes !== true) {
        const go = await vscode.window.showWarningMessage(
          `Write ${plural(write.length, 'file')} from the database into ${s.rel}?`,
          {
            modal: true,
            detail: `${write.map((f) => `${changes.find((c) => c.name === f.name)?.kind === 'added' ? '+' : '~'} ${f.name}`).join('\n')}\n\nLocal changes to these files are replaced.${kept.length ? ` Kept: ${kept.join(', ')} (not in the database).` : ''}`,
          },
          'Pull',
        );
        if (go !== 'Pull') return { written: [] as string[], kept };
      }
      try {
        await writeSchemaFiles(s.dir, write);
      } catch (e) {
        throw new UserError(`Pull Schema: ${(e as Error).message}`);
      }
      seen.set(s.key, { version: remote.version });
      void vscode.window.showInformationMessage(
        `Pulled ${plural(write.length, 'file')} into ${s.rel} (schema version ${remote.version}).`,
      );
      return { written: write.map((f) => f.name), kept };
    } finally {
      s.client.close();
    }
  }

  async function staged(scope: CommandScope, which: 'commit' | 'abandon', arg?: unknown) {
    const verb = which === 'commit' ? 'Commit' : 'Abandon';
    refuseUntrusted(`${which} the staged schema`);
    const a = testArgs(ctx, arg);
    const s = await session(scope, arg, false);
    try {
      const st = await s.client
        .status()
        .catch((e: unknown) => apiError(e, `${verb} Staged Schema`));
      if (st.status === 'none') {
        void vscode.window.showInformationMessage('There is no staged schema.');
        return { done: false as const, status: st.status };
      }
      if (a.yes !== true) {
        const go = await vscode.window.showWarningMessage(
          `${verb} the staged schema (status: ${st.status})?`,
          { modal: true, detail: `${st.pendingSummary}${st.diff ? `\n\n${st.diff}` : ''}` },
          verb,
        );
        if (go !== verb) return { done: false as const, status: st.status };
      }
      const next = await (
        which === 'commit' ? s.client.commit(st.version) : s.client.abandon(st.version)
      ).catch((e: unknown) => apiError(e, `${verb} Staged Schema`));
      seen.delete(s.key);
      void vscode.window.showInformationMessage(
        `${which === 'commit' ? 'Committed' : 'Abandoned'} the staged schema; schema version ${next}.`,
      );
      return { done: true as const, version: next };
    } finally {
      s.client.close();
    }
  }

  registerCommands(ctx, {
    [COMMANDS.diffSchema]: { run: (sc, arg) => diff(sc, arg), progress: 'Comparing schema files' },
    [COMMANDS.pushSchema]: { run: (sc, arg) => push(sc, arg) },
    [COMMANDS.pullSchema]: { run: (sc, arg) => pull(sc, arg) },
    [COMMANDS.commitStagedSchema]: { run: (sc, arg) => staged(sc, 'commit', arg) },
    [COMMANDS.abandonStagedSchema]: { run: (sc, arg) => staged(sc, 'abandon', arg) },
  });
  return { documents };
}
