/**
 * Schema files in VS Code, as `fly-fauna schema` does them on the command line
 * (src/cli/commands/schema.ts): Compare (the diff editor, database on the left, read
 * only), Push (active or staged, with the version read at Compare so a change made
 * meanwhile is refused, never overwritten), Pull, and Commit / Abandon of a staged
 * schema. When a schema is staged, Compare asks what to compare, as fauna-shell's
 * `schema diff` offers it (docs/fauna.md): the local files with the staged schema
 * (its default), with the active one (`--active`), or the staged schema with the active
 * one (`--staged`: what Commit would apply; also Show Staged Schema Changes). The folder is found as the CLI finds it (resolveSchemaDir); the connection as
 * the FQL runner's (resolveFqlConnection). Nothing is sent in an untrusted workspace,
 * and no secret reaches a URI, a message or the log.
 *
 * Test hook: `{ yes: true }` (and `{ stage: true }` for Push) skips the modal, only when
 * the extension runs under tests. Compare also takes `{ against: 'active' | 'staged' |
 * 'stagedChanges' }` (any mode: a keybinding may pass it; it skips no confirmation), and
 * Pull `{ from: 'active' | 'staged' }` (when a schema is staged Pull asks which, as
 * Compare asks). Push says in its modal when a schema is staged: Fauna stages the push
 * then, replacing the staged schema (core/fauna/schema-staged.ts).
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileChange, SchemaFile, StagedStatus } from '../../core/fauna/schema';
import { changedFiles, changesText, resolveSchemaDir } from '../../core/fauna/schema';
import { pushIsStaged, pushWhileStagedWarning } from '../../core/fauna/schema-staged';
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

/** Which of the database's schemas a document shows. */
export type SchemaVersionKind = 'active' | 'staged';

/**
 * The database's files as read-only documents:
 * `fly-fauna-schema:/<folder>/<active|staged>/<file>`. The URI names the workspace folder,
 * the schema (active or staged) and the file only (never the endpoint or secret).
 */
export class RemoteSchemaDocuments
  implements vscode.TextDocumentContentProvider, vscode.Disposable
{
  readonly #texts = new Map<string, string>();
  readonly #changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.#changed.event;

  uriFor(folder: vscode.WorkspaceFolder, which: SchemaVersionKind, name: string): vscode.Uri {
    const segments = [folder.name, which, ...name.split('/')];
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

/** What Compare compares: local files with the active or staged schema, or staged with active. */
export type CompareTarget = 'active' | 'staged' | 'stagedChanges';
const TARGETS: readonly CompareTarget[] = ['active', 'staged', 'stagedChanges'];

/**
 * What a folder's last Compare (or Pull, or Push) read: the schema version (one number
 * for the database's active and staged schema alike: any change moves it) and what was
 * compared.
 */
interface Seen {
  version: number;
  against: CompareTarget;
}

export interface SchemaApi {
  documents: RemoteSchemaDocuments;
}

/** Test hook arguments (honoured only in ExtensionMode.Test). */
interface Args {
  yes?: boolean;
  stage?: boolean;
}

/** Compare's `{ against }` argument (honoured in every mode), or undefined. */
function againstArg(arg: unknown): CompareTarget | undefined {
  if (typeof arg !== 'object' || arg === null || arg instanceof vscode.Uri) return undefined;
  const v = (arg as { against?: unknown }).against;
  return TARGETS.find((t) => t === v);
}

/** Pull's `{ from }` argument (honoured in every mode, as Compare's `against`), or undefined. */
function fromArg(arg: unknown): SchemaVersionKind | undefined {
  if (typeof arg !== 'object' || arg === null || arg instanceof vscode.Uri) return undefined;
  const v = (arg as { from?: unknown }).from;
  return v === 'active' || v === 'staged' ? v : undefined;
}

function testArgs(ctx: Ctx, arg: unknown): Args {
  if (ctx.extension.extensionMode !== vscode.ExtensionMode.Test) return {};
  if (typeof arg !== 'object' || arg === null || arg instanceof vscode.Uri) return {};
  return arg;
}

/** One file Compare shows: the URIs of both sides (left: the database's, read only). */
export interface CompareEntry {
  name: string;
  kind: FileChange['kind'];
  left: string;
  right: string;
  title: string;
}

/** What Compare returns (to tests and callers): what it compared and showed. */
export interface CompareResult {
  against: CompareTarget;
  /** The staged status when compared; `unavailable` where nothing can be staged. */
  staged: StagedStatus['status'] | 'unavailable';
  changes: FileChange[];
  version: number;
  entries: CompareEntry[];
  /** The several-files view's title, when it opened one. */
  title?: string;
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

  /**
   * The staged status, or null where nothing can be staged: the root database and an
   * account's top level answer 400 (disallowRoot / disallowTenantRoot,
   * SchemaRequest.scala:106-124, before any staged check).
   */
  async function stagedStatus(client: SchemaClient, what: string): Promise<StagedStatus | null> {
    try {
      return await client.status();
    } catch (e) {
      if (e instanceof SchemaApiError && e.kind === 'invalid') return null;
      return apiError(e, what);
    }
  }

  /** Asks what to compare when a schema is staged; undefined when dismissed. */
  async function pickTarget(st: StagedStatus): Promise<CompareTarget | undefined> {
    const items: Array<vscode.QuickPickItem & { target: CompareTarget }> = [
      {
        label: 'Staged schema',
        description: 'local files ↔ the staged schema',
        detail: 'What a new Stage would replace',
        target: 'staged',
      },
      {
        label: 'Active schema',
        description: 'local files ↔ the active schema',
        detail: 'What the database runs now',
        target: 'active',
      },
      {
        label: 'Staged changes',
        description: 'active ↔ staged schema',
        detail: 'What Commit Staged Schema would apply',
        target: 'stagedChanges',
      },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: `A schema is staged (status: ${st.status}): compare with`,
      matchOnDescription: true,
    });
    return picked?.target;
  }

  /** Asks which schema to pull when one is staged (staged first, as fauna-shell defaults). */
  async function pickPullSource(st: StagedStatus): Promise<SchemaVersionKind | undefined> {
    const items: Array<vscode.QuickPickItem & { from: SchemaVersionKind }> = [
      {
        label: 'Staged schema',
        description: 'the files a Commit would apply',
        detail: 'What fauna schema pull reads while a schema is staged',
        from: 'staged',
      },
      {
        label: 'Active schema',
        description: 'the files the database runs now',
        from: 'active',
      },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: `A schema is staged (status: ${st.status}): pull from`,
    });
    return picked?.from;
  }

  /**
   * Compare: the changed files in the diff editor, the database's side read only. The
   * local files against the active or the staged schema, or (`stagedChanges`) the staged
   * schema against the active one. Returns what was shown.
   */
  async function diff(
    scope: CommandScope,
    arg?: unknown,
    forced?: CompareTarget,
  ): Promise<CompareResult | undefined> {
    refuseUntrusted('compare schema files with the database');
    const asked = forced ?? againstArg(arg);
    const what = asked === 'stagedChanges' ? 'Show Staged Schema Changes' : 'Compare Schema';
    const s = await session(scope, arg, asked !== 'stagedChanges');
    try {
      const st = await stagedStatus(s.client, what);
      const staged = st?.status ?? 'unavailable';
      let against: CompareTarget;
      if (st === null || st.status === 'none') {
        if (asked === 'stagedChanges') {
          const version =
            st?.version ?? (await s.client.list().catch((e: unknown) => apiError(e, what))).version;
          seen.set(s.key, { version, against: 'stagedChanges' });
          void vscode.window.showInformationMessage(
            st === null
              ? 'There is no staged schema: this database cannot stage one (the root database).'
              : 'There is no staged schema: Commit would apply nothing.',
          );
          return { against: asked, staged, changes: [], version, entries: [] };
        }
        // Nothing staged: the staged files are the active ones (the core's `staged=true`
        // reads the latest schema, SchemaSource.scala:50-55), so compare with the active.
        against = 'active';
      } else if (asked) {
        against = asked;
      } else {
        const picked = await pickTarget(st);
        if (!picked) return undefined;
        against = picked;
      }

      // Left: the database's side (read only); right: the local files, or the staged schema.
      const leftKind: SchemaVersionKind = against === 'staged' ? 'staged' : 'active';
      let version: number;
      let left: SchemaFile[];
      let right: SchemaFile[] | null = null;
      if (against === 'stagedChanges') {
        const [a, b] = await Promise.all([s.client.pull(), s.client.pull({ staged: true })]).catch(
          (e: unknown) => apiError(e, what),
        );
        if (a.version !== b.version)
          throw new UserError(
            `The database's schema changed while it was read (version ${a.version}, then ${b.version}); nothing is shown. Try again.`,
            [{ title: 'Show Staged Schema Changes', command: COMMANDS.showStagedSchemaChanges }],
          );
        version = a.version;
        left = a.files;
        right = b.files;
        for (const f of right)
          documents.set(documents.uriFor(s.folder, 'staged', f.name), f.content);
      } else {
        const local = await readLocal(s.dir);
        const remote = await s.client
          .pull({ staged: against === 'staged' })
          .catch((e: unknown) => apiError(e, what));
        version = remote.version;
        left = remote.files;
        right = local;
      }
      seen.set(s.key, { version, against });
      const changes = changedFiles(right, left);
      const leftNames = new Set(left.map((f) => f.name));
      for (const f of left) documents.set(documents.uriFor(s.folder, leftKind, f.name), f.content);

      const sides =
        against === 'stagedChanges'
          ? 'active ↔ staged'
          : `database${st && st.status !== 'none' ? `, ${leftKind}` : ''} ↔ ${s.rel}`;
      if (changes.length === 0) {
        if (against === 'stagedChanges')
          offerCommit(
            `The staged schema (status: ${staged}) has the active schema's files: Commit changes no file (schema version ${version}).`,
          );
        else
          void vscode.window.showInformationMessage(
            `No changes: ${s.rel} matches the database's ${leftKind} schema (schema version ${version}).`,
          );
        return { against, staged, changes, version, entries: [] };
      }
      const entry = (c: FileChange): CompareEntry => {
        const l = documents.uriFor(s.folder, leftKind, c.name);
        if (!leftNames.has(c.name)) documents.set(l, '');
        let r: vscode.Uri;
        if (against === 'stagedChanges') {
          r = documents.uriFor(s.folder, 'staged', c.name);
          if (c.kind === 'removed') documents.set(r, '');
        } else if (c.kind === 'removed') {
          r = documents.uriFor(s.folder, leftKind, `${c.name}.only-in-database`);
          documents.set(r, '');
        } else {
          r = vscode.Uri.file(path.join(s.dir, ...c.name.split('/')));
        }
        const note =
          against === 'stagedChanges'
            ? { added: 'new in staged', changed: 'changed', removed: 'removed in staged' }[c.kind]
            : { added: 'new', changed: 'changed', removed: 'only in the database' }[c.kind];
        return {
          name: c.name,
          kind: c.kind,
          left: l.toString(),
          right: r.toString(),
          title: `${c.name} (${sides}, ${note})`,
        };
      };
      const entries = changes.map(entry);
      const open = (e: CompareEntry, options?: vscode.TextDocumentShowOptions) =>
        vscode.commands.executeCommand(
          'vscode.diff',
          vscode.Uri.parse(e.left),
          vscode.Uri.parse(e.right),
          e.title,
          options,
        );
      const result: CompareResult = { against, staged, changes, version, entries };
      if (entries.length === 1) {
        await open(entries[0], { preview: false });
      } else if ((await vscode.commands.getCommands(true)).includes('vscode.changes')) {
        // VS Code adds the count to the tab's label: "Schema: active ↔ staged (2 files)".
        result.title = `Schema: ${sides}`;
        await vscode.commands.executeCommand(
          'vscode.changes',
          result.title,
          entries.map((e) => [
            vscode.Uri.parse(e.right),
            vscode.Uri.parse(e.left),
            vscode.Uri.parse(e.right),
          ]),
        );
      } else {
        const picked = await vscode.window.showQuickPick(
          entries.map((e) => ({ label: e.name, description: e.kind, entry: e })),
          { title: `${plural(entries.length, 'schema file')} differ (${sides})` },
        );
        if (picked) await open(picked.entry);
      }
      if (against === 'stagedChanges')
        offerCommit(
          `Staged schema (status: ${staged}, schema version ${version}): the diff shows what Commit would apply.`,
        );
      return result;
    } finally {
      s.client.close();
    }
  }

  /** After the staged changes are shown: Commit… / Abandon… (not awaited: it stays). */
  function offerCommit(message: string): void {
    void vscode.window.showInformationMessage(message, 'Commit…', 'Abandon…').then((picked) => {
      if (picked === 'Commit…') return vscode.commands.executeCommand(COMMANDS.commitStagedSchema);
      if (picked === 'Abandon…')
        return vscode.commands.executeCommand(COMMANDS.abandonStagedSchema);
      return undefined;
    });
  }

  async function push(scope: CommandScope, arg?: unknown) {
    refuseUntrusted('push schema files');
    const a = testArgs(ctx, arg);
    const s = await session(scope, arg, true);
    try {
      const local = await readLocal(s.dir);
      const before = seen.get(s.key);
      // The changes listed are against what Compare compared with (the staged schema, when
      // it was that); the version is one for both, so the guard holds either way.
      const againstStaged = before?.against === 'staged';
      const remote = await s.client
        .pull({ staged: againstStaged })
        .catch((e: unknown) => apiError(e, 'Push Schema'));
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
          `Nothing to push: the database's ${againstStaged ? 'staged' : 'active'} schema has the files in ${s.rel}.`,
        );
        return { pushed: false as const };
      }
      // Fauna stages every push while a schema is staged (core/fauna/schema-staged.ts):
      // an active Push then replaces the staged schema; the modal says so first.
      const st = await stagedStatus(s.client, 'Push Schema');
      const stagedNow = st !== null && pushIsStaged(st.status) ? st.status : null;
      const warning = stagedNow
        ? pushWhileStagedWarning(stagedNow, 'Pull Schema, then Staged schema')
        : undefined;
      const detail = `${warning ? `${warning}\n\n` : ''}${againstStaged ? 'Against the staged schema:\n' : ''}${changesText(changes)}\n${
        warning
          ? `Push and Stage both send the files as the new staged schema (version ${version}); Commit Staged Schema applies it.`
          : `The files sent replace the database's whole schema (version ${version}). Stage pushes a staged schema to commit later (not in the root database)${againstStaged ? ', replacing the one staged now' : ''}.`
      }`;
      let staged = a.stage === true;
      if (a.yes !== true) {
        const go = await vscode.window.showWarningMessage(
          `Push ${plural(local.length, 'schema file')} from ${s.rel} to the database?`,
          { modal: true, detail },
          'Push',
          'Stage',
        );
        if (go !== 'Push' && go !== 'Stage') return { pushed: false as const, warning, detail };
        staged = go === 'Stage';
      }
      const next = await s.client.update(local, { version, staged }).catch((e: unknown) => {
        seen.delete(s.key);
        return apiError(e, 'Push Schema');
      });
      // What Fauna did: with a schema staged, an active push is staged too.
      const result = staged || stagedNow !== null;
      seen.set(s.key, { version: next, against: result ? 'staged' : 'active' });
      void vscode.window.showInformationMessage(
        `Pushed ${plural(local.length, 'file')} from ${s.rel}${result ? ` as a staged schema${!staged ? ' (a schema was staged, so Fauna staged this push too)' : ''} (Commit Staged Schema applies it)` : ''}; schema version ${next}.`,
      );
      return { pushed: true as const, staged: result, version: next, changes, warning, detail };
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
      // Which schema: asked when one is staged (fauna-shell's pull reads the staged one
      // then, unless --active: docs/fauna.md), or given as `{ from }`.
      const status = await stagedStatus(s.client, 'Pull Schema');
      let from: SchemaVersionKind = 'active';
      if (status !== null && status.status !== 'none') {
        const given = fromArg(arg);
        const picked = given ?? (await pickPullSource(status));
        if (!picked) return { written: [] as string[], kept: [] as string[], from: undefined };
        from = picked;
      }
      const remote = await s.client
        .pull({ staged: from === 'staged' })
        .catch((e: unknown) => apiError(e, 'Pull Schema'));
      const which = from === 'staged' ? 'staged schema' : 'schema';
      const local = st ? await readLocal(s.dir) : [];
      const changes = changedFiles(remote.files, local);
      const write = remote.files.filter((f) =>
        changes.some((c) => c.name === f.name && c.kind !== 'removed'),
      );
      const kept = changes.filter((c) => c.kind === 'removed').map((c) => c.name);
      if (write.length === 0) {
        seen.set(s.key, { version: remote.version, against: from });
        void vscode.window.showInformationMessage(
          `No changes to pull: ${s.rel} has the database's ${which} files${kept.length ? ` (and ${plural(kept.length, 'local file')} it lacks)` : ''}.`,
        );
        return { written: [] as string[], kept, from };
      }
      if (a.yes !== true) {
        const go = await vscode.window.showWarningMessage(
          `Write ${plural(write.length, 'file')} from the database's ${which} into ${s.rel}?`,
          {
            modal: true,
            detail: `${write.map((f) => `${changes.find((c) => c.name === f.name)?.kind === 'added' ? '+' : '~'} ${f.name}`).join('\n')}\n\nLocal changes to these files are replaced.${kept.length ? ` Kept: ${kept.join(', ')} (not in the database).` : ''}`,
          },
          'Pull',
        );
        if (go !== 'Pull') return { written: [] as string[], kept, from };
      }
      try {
        await writeSchemaFiles(s.dir, write);
      } catch (e) {
        throw new UserError(`Pull Schema: ${(e as Error).message}`);
      }
      seen.set(s.key, { version: remote.version, against: from });
      void vscode.window.showInformationMessage(
        `Pulled ${plural(write.length, 'file')} of the ${which} into ${s.rel} (schema version ${remote.version}).`,
      );
      return { written: write.map((f) => f.name), kept, from };
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
      // What was looked at (local files ↔ staged, or the staged changes) is what is
      // committed or abandoned: a schema staged again meanwhile is refused, as Push refuses.
      const before = seen.get(s.key);
      if (before && before.against !== 'active' && before.version !== st.version) {
        seen.delete(s.key);
        throw new UserError(
          `The staged schema changed since you compared it (version ${before.version}, now ${st.version}); nothing was ${which === 'commit' ? 'committed' : 'abandoned'}. Look at the staged changes again.`,
          [{ title: 'Show Staged Schema Changes', command: COMMANDS.showStagedSchemaChanges }],
        );
      }
      if (a.yes !== true) {
        const go = await vscode.window.showWarningMessage(
          `${verb} the staged schema (status: ${st.status})?`,
          { modal: true, detail: `${st.pendingSummary}${st.diff ? `\n\n${st.diff}` : ''}` },
          verb,
          'Show Changes',
        );
        if (go === 'Show Changes') {
          s.client.close();
          await diff(scope, arg, 'stagedChanges');
          return { done: false as const, status: st.status };
        }
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
    [COMMANDS.showStagedSchemaChanges]: {
      run: (sc, arg) => diff(sc, arg, 'stagedChanges'),
      progress: 'Reading the staged schema',
    },
  });
  return { documents };
}
