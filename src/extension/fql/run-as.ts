/**
 * "Run as": which identity the FQL runner's queries use (the secret's own role, a
 * built-in role, a user-defined role or a document). The choice is kept in
 * workspaceState, validated on every read; the scoped secret is built per run by the
 * controller (core/fauna/scoped-secret.ts) and never shown.
 */
import * as vscode from 'vscode';
import type { RunAsIdentity } from '../../core/fauna/scoped-secret';
import {
  BUILTIN_ROLES,
  label,
  parseDocRef,
  validateIdentity,
} from '../../core/fauna/scoped-secret';
import { ExplorerClient } from '../../node/fauna/explorer-client';
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

type Item = vscode.QuickPickItem & { identity?: RunAsIdentity; doc?: true };

/** User-defined role names of the connection's database (its first page), or an error. */
async function userRoles(
  secrets: vscode.SecretStorage,
): Promise<{ names: string[]; error?: string }> {
  const conn = await resolveFqlConnection(secrets, pickFolder(undefined));
  if (!conn.secret) return { names: [], error: 'no Fauna secret is set' };
  const client = new ExplorerClient();
  try {
    const out = await client.list(
      { endpoint: conn.endpoint.value, secret: conn.secret.value },
      { path: [], kind: 'roles', timeoutMs: 5000 },
    );
    if (!out.ok) return { names: [], error: out.error.message };
    return {
      names: out.page.items.flatMap((i) => (i.kind === 'role' ? [i.name] : [])),
    };
  } finally {
    client.close();
  }
}

/**
 * The *Run Queries As…* command. With an identity argument (tests, keybindings) it is
 * validated and stored without a prompt; otherwise a quick pick offers the choices.
 * Returns the identity now in use, or undefined when nothing changed.
 */
export async function chooseRunAs(
  ctx: vscode.ExtensionContext,
  arg?: unknown,
): Promise<RunAsIdentity | undefined> {
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
    await writeRunAs(ctx.workspaceState, identity);
    return identity;
  }
  const current = readRunAs(ctx.workspaceState);
  const roles = await userRoles(ctx.secrets);
  const items: Item[] = [
    { label: "The secret's own role", description: 'default', identity: { kind: 'own' } },
    { label: 'Built-in roles', kind: vscode.QuickPickItemKind.Separator },
    ...BUILTIN_ROLES.map((role) => ({ label: role, identity: { kind: 'builtin', role } as const })),
    { label: 'User-defined roles', kind: vscode.QuickPickItemKind.Separator },
    ...roles.names.map((name) => ({ label: name, identity: { kind: 'role', name } as const })),
    ...(roles.error !== undefined
      ? [{ label: '$(warning) Roles could not be listed', detail: roles.error }]
      : []),
    // A server or client key lists no roles, with no error (docs/fauna.md, scoped
    // secrets); only an admin key may set a scope at all (AuthScope.scala:82-87).
    ...(roles.error === undefined && roles.names.length === 0
      ? [
          {
            label: 'No user-defined roles listed',
            detail:
              'roles are listed only for an admin key, and only an admin key can run as another role',
          },
        ]
      : []),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: 'A document…', description: 'COLLECTION/ID', doc: true },
  ];
  for (const i of items)
    if (i.identity && label(i.identity) === label(current)) i.description = 'current';
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Run FQL queries as',
    placeHolder: `Now: ${label(current)}`,
  });
  if (!picked) return undefined;
  let identity = picked.identity;
  if (picked.doc) {
    const text = await vscode.window.showInputBox({
      title: 'Run FQL queries as a document',
      prompt: 'The document whose identity runs the queries, as COLLECTION/ID',
      placeHolder: 'User/123',
      ...(current.kind === 'doc' ? { value: `${current.coll}/${current.id}` } : {}),
      validateInput: (v) => {
        const p = parseDocRef(v);
        return p.ok ? undefined : p.error;
      },
    });
    if (text === undefined) return undefined;
    const p = parseDocRef(text);
    if (!p.ok) return undefined;
    identity = p.value;
  }
  if (!identity) return undefined;
  await writeRunAs(ctx.workspaceState, identity);
  void vscode.window.showInformationMessage(`FQL queries now run ${label(identity)}.`);
  return identity;
}
