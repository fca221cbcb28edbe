/**
 * "Run as": which identity the FQL runner's queries use (the secret's own role, a
 * built-in role, a user-defined role or a document). The choice is kept in
 * workspaceState, validated on every read; the scoped secret is built per run by the
 * controller (core/fauna/scoped-secret.ts) and never shown.
 *
 * One identity serves the FQL view and the editor (.fql files, templates). The pick
 * lists the roles of the database the FQL view runs in (a child database after *Query
 * This Collection* there, else the folder's own); a role chosen from a child database's
 * list is said to be that database's, since editor runs stay in the folder's own
 * database, where it may be missing (that run's 401 names the role: refusedMessage).
 */
import * as vscode from 'vscode';
import { displayEndpoint } from '../../core/fql/errors';
import type { Parsed, RunAsIdentity } from '../../core/fauna/scoped-secret';
import {
  BUILTIN_ROLES,
  databaseLabel,
  label,
  parseDocRef,
  parseRole,
  validateIdentity,
} from '../../core/fauna/scoped-secret';
import { ExplorerClient } from '../../node/fauna/explorer-client';
import type { RoleNames } from '../../node/fauna/role-names';
import { ROLE_LIST_CAP, listRoleNames } from '../../node/fauna/role-names';
import { pickFolder, resolveFqlConnection } from './connection';

export const CHOOSE_RUN_AS_COMMAND = 'flyFauna.chooseRunAs';
const RUN_AS_KEY = 'flyFauna.fql.runAs';

/** The stored identity; anything malformed there reads as the secret's own role. */
export function readRunAs(state: vscode.Memento): RunAsIdentity {
  return validateIdentity(state.get<unknown>(RUN_AS_KEY)) ?? { kind: 'own' };
}

export async function writeRunAs(state: vscode.Memento, identity: RunAsIdentity): Promise<void> {
  await state.update(RUN_AS_KEY, identity.kind === 'own' ? undefined : identity);
}

type Item = vscode.QuickPickItem & { identity?: RunAsIdentity; ask?: 'doc' | 'role' };

/** Where the FQL view runs (view.ts FqlController): a child database path and its folder. */
export interface ViewDatabase {
  /** [] for the folder's own database. */
  readonly viewDatabase: readonly string[];
  readonly viewDatabaseUri: vscode.Uri | undefined;
}

/** The database the roles are listed from, read when the pick opens. */
interface RolesTarget {
  /** The folder: the one the FQL view's own queries run against (view.ts `#connection`). */
  folder: vscode.WorkspaceFolder | undefined;
  /** The database below the folder's own ([] = that one). */
  path: readonly string[];
}

/**
 * The FQL view's database: its child database (and that one's folder) when it has one,
 * else the first folder's own (view.ts `#connection(undefined)` is `pickFolder(undefined)`),
 * not the active editor's, so the list matches where the view runs.
 */
function rolesTarget(view: ViewDatabase | undefined): RolesTarget {
  const path = view?.viewDatabase ?? [];
  return {
    folder: pickFolder(path.length > 0 ? view?.viewDatabaseUri : undefined),
    path: [...path],
  };
}

/** Where the listed roles come from, for the pick's title: never the secret. */
function rolesSource(endpoint: string, target: RolesTarget): string {
  const where =
    target.path.length > 0
      ? `${databaseLabel(target.path)} at ${displayEndpoint(endpoint)}`
      : displayEndpoint(endpoint);
  return `roles of ${where}${target.folder ? ` (folder ${target.folder.name})` : ''}`;
}

/**
 * The *Run Queries As…* command. With an identity argument (tests, keybindings) it is
 * validated and stored without a prompt; otherwise a quick pick offers the choices,
 * listing the database's roles while it is open. The open pick and input box are kept
 * on the object while shown (the VS Code tests drive them as a person would).
 */
export class RunAsChooser {
  /** The open quick pick, if any. */
  pick: vscode.QuickPick<Item> | undefined;
  /** The open input box (a role name or a document), if any. */
  input: vscode.InputBox | undefined;
  /** The last confirmation shown after a choice in the pick (the tests read it). */
  lastNotice: string | undefined;

  constructor(
    private readonly ctx: vscode.ExtensionContext,
    /** Where the FQL view runs; without it the roles are the first folder's database's. */
    private readonly view?: ViewDatabase,
  ) {}

  /** Returns the identity now in use, or undefined when nothing changed. */
  async choose(arg?: unknown): Promise<RunAsIdentity | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        'Run as is not available in an untrusted workspace: no query is sent there.',
      );
      return undefined;
    }
    if (arg !== undefined) {
      const identity = validateIdentity(arg);
      if (!identity) {
        void vscode.window.showErrorMessage('Run as: that is not an identity to run queries as.');
        return undefined;
      }
      await writeRunAs(this.ctx.workspaceState, identity);
      return identity;
    }
    const current = readRunAs(this.ctx.workspaceState);
    const target = rolesTarget(this.view);
    const picked = await this.#pick(current, target);
    if (!picked) return undefined;
    let identity = picked.identity;
    if (picked.ask === 'doc') {
      identity = await this.#ask(parseDocRef, {
        title: 'Run FQL queries as a document',
        prompt: 'The document whose identity runs the queries, as COLLECTION/ID',
        placeholder: 'User/123',
        value: current.kind === 'doc' ? `${current.coll}/${current.id}` : '',
      });
    } else if (picked.ask === 'role') {
      identity = await this.#ask(parseRole, {
        title: 'Run FQL queries as a role',
        prompt: "A built-in role or a user-defined role's name",
        placeholder: 'manager',
        // What was typed to filter the pick, else the current role.
        value: picked.typed ? picked.typed : current.kind === 'role' ? current.name : '',
      });
    }
    if (!identity) return undefined;
    await writeRunAs(this.ctx.workspaceState, identity);
    this.lastNotice = chosenMessage(identity, picked, target);
    void vscode.window.showInformationMessage(this.lastNotice);
    return identity;
  }

  /**
   * The pick: shown at once (busy while the roles are listed, every page up to
   * ROLE_LIST_CAP); the listing is abandoned if the pick closes first.
   */
  #pick(
    current: RunAsIdentity,
    target: RolesTarget,
  ): Promise<(Item & { typed?: string }) | undefined> {
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = 'Run FQL queries as';
    qp.placeholder =
      target.path.length > 0
        ? `Now: ${label(current)}. Roles of ${databaseLabel(target.path)}, where the FQL view runs. Type to filter`
        : `Now: ${label(current)}. Type to filter`;
    qp.matchOnDescription = true;
    qp.ignoreFocusOut = true;
    qp.busy = true;
    qp.items = items(current, 'listing', target.path);
    const ac = new AbortController();
    void this.#roles(target, ac.signal, (source) => {
      if (!ac.signal.aborted) qp.title = `Run FQL queries as · ${source}`;
    })
      .catch((err: unknown) => ({
        roles: {
          ok: false,
          error: {
            code: 'internal',
            message: err instanceof Error ? err.message : String(err),
            summary: '',
            position: null,
          },
        } as RoleNames,
      }))
      .then(({ roles }) => {
        if (ac.signal.aborted) return;
        // Keep the row the person is on when the list grows under it.
        const on = qp.activeItems[0]?.label;
        qp.items = items(current, roles, target.path);
        const same = qp.items.find(
          (i) => i.label === on && i.kind !== vscode.QuickPickItemKind.Separator,
        );
        if (same && on !== qp.items[0]?.label) qp.activeItems = [same];
        qp.busy = false;
      });
    return new Promise((resolve) => {
      let result: (Item & { typed?: string }) | undefined;
      qp.onDidAccept(() => {
        const item = qp.activeItems[0];
        // A row that is no choice (the listing, its error) keeps the pick open.
        if (!item || (!item.identity && !item.ask)) return;
        result = item.ask === 'role' ? { ...item, typed: qp.value.trim() } : item;
        qp.hide();
      });
      qp.onDidHide(() => {
        ac.abort();
        if (this.pick === qp) this.pick = undefined;
        qp.dispose();
        resolve(result);
      });
      this.pick = qp;
      qp.show();
    });
  }

  /** The roles of the view's database; `onSource` hears where they come from first. */
  async #roles(
    target: RolesTarget,
    signal: AbortSignal,
    onSource: (source: string) => void,
  ): Promise<{ roles: RoleNames }> {
    const conn = await resolveFqlConnection(this.ctx.secrets, target.folder);
    onSource(rolesSource(conn.endpoint.value, target));
    if (!conn.secret) {
      return {
        roles: {
          ok: false,
          error: {
            code: 'no_secret',
            message: 'no Fauna secret is set',
            summary: '',
            position: null,
          },
        },
      };
    }
    const client = new ExplorerClient();
    try {
      const roles = await listRoleNames(
        client,
        { endpoint: conn.endpoint.value, secret: conn.secret.value },
        // A child database's roles through the explorer's scoped secret (`KEY:path:admin`).
        { path: target.path, signal, timeoutMs: 5000 },
      );
      return { roles };
    } finally {
      client.close();
    }
  }

  /** An input box until its text parses (the parse error shows under it) or Escape. */
  #ask(
    parse: (text: string) => Parsed<RunAsIdentity>,
    o: { title: string; prompt: string; placeholder: string; value: string },
  ): Promise<RunAsIdentity | undefined> {
    const box = vscode.window.createInputBox();
    box.title = o.title;
    box.prompt = o.prompt;
    box.placeholder = o.placeholder;
    box.value = o.value;
    box.ignoreFocusOut = true;
    const problem = (v: string) => {
      const p = parse(v);
      return p.ok ? undefined : p.error;
    };
    return new Promise((resolve) => {
      let result: RunAsIdentity | undefined;
      box.onDidChangeValue((v) => {
        box.validationMessage = v.trim() === '' ? undefined : problem(v);
      });
      box.onDidAccept(() => {
        // A value set through the API fires no change event: parse what is there now.
        const p = parse(box.value);
        if (!p.ok) {
          box.validationMessage = p.error;
          return;
        }
        result = p.value;
        box.hide();
      });
      box.onDidHide(() => {
        if (this.input === box) this.input = undefined;
        box.dispose();
        resolve(result);
      });
      this.input = box;
      box.show();
    });
  }
}

/**
 * What the chooser says once an identity is stored. A role listed from a child database
 * is that database's: the FQL view runs there, editor runs in the folder's own database,
 * which may lack it (one identity for both; docs/editor.md, Run Queries As…).
 */
function chosenMessage(identity: RunAsIdentity, picked: Item, target: RolesTarget): string {
  const now = `FQL queries now run ${label(identity)}.`;
  if (target.path.length === 0 || identity.kind !== 'role' || picked.identity !== identity)
    return now;
  return (
    `${now} It is a role of ${databaseLabel(target.path)}, where the FQL view runs; ` +
    `.fql files and templates run in the folder's own database, which may not have it.`
  );
}

/**
 * The pick's rows; `roles` is 'listing' while the database's roles are being read, from
 * the database at `path` (named on their separator when it is a child database).
 */
function items(
  current: RunAsIdentity,
  roles: RoleNames | 'listing',
  path: readonly string[],
): Item[] {
  const sep = (text: string): Item => ({ label: text, kind: vscode.QuickPickItemKind.Separator });
  const rows: Item[] = [
    { label: "The secret's own role", description: 'default', identity: { kind: 'own' } },
    sep('Built-in roles'),
    ...BUILTIN_ROLES.map((role) => ({ label: role, identity: { kind: 'builtin', role } as const })),
    sep(path.length > 0 ? `User-defined roles of ${databaseLabel(path)}` : 'User-defined roles'),
  ];
  if (roles === 'listing') {
    rows.push({ label: '$(loading~spin) Listing the database roles…' });
  } else if (!roles.ok) {
    rows.push({ label: '$(warning) Roles could not be listed', detail: roles.error.message });
  } else {
    for (const name of roles.names) rows.push({ label: name, identity: { kind: 'role', name } });
    // A server or client key lists no roles, with no error (docs/fauna.md, scoped
    // secrets); only an admin key may set a scope at all (AuthScope.scala:82-87).
    if (roles.names.length === 0) {
      rows.push({
        label: 'No user-defined roles listed',
        detail:
          'roles are listed only for an admin key, and only an admin key can run as another role',
      });
    }
    if (roles.more) {
      rows.push({
        label: `$(info) More than ${ROLE_LIST_CAP.toLocaleString('en-US')} roles: type a name…`,
        ask: 'role',
      });
    }
  }
  rows.push(
    sep(''),
    {
      label: 'Type a role name…',
      description: 'a role the list lacks',
      ask: 'role',
      alwaysShow: true,
    },
    { label: 'A document…', description: 'COLLECTION/ID', ask: 'doc', alwaysShow: true },
  );
  for (const i of rows)
    if (i.identity && label(i.identity) === label(current)) i.description = 'current';
  return rows;
}
