/**
 * Endpoint and secret for queries in VS Code, each with its source. The secret comes
 * from SecretStorage (per workspace folder, set with *Set Fauna Secret*), else from
 * FAUNA_SECRET / FAUNA_SECRET_KEY in the environment or the folder's `.env`; it is
 * never a setting. The endpoint: the `flyFauna.fauna.endpoint` setting, a fauna.config
 * profile, FAUNA_ENDPOINT, else the self-hosted default.
 */
import * as vscode from 'vscode';
import type { Sourced } from '../../core/fauna/settings';
import { resolveFaunaSettings } from '../../core/fauna/settings';
import type { ResolvedConnection } from '../../node/fauna/connection';
import { DEFAULT_ENDPOINT, resolveConnection } from '../../node/fauna/connection';

export interface FqlConnection {
  endpoint: Sourced<string>;
  secret: Sourced<string> | null;
  warnings: string[];
}

/** The SecretStorage key of a folder's Fauna secret. */
export function secretKey(folder: vscode.WorkspaceFolder | undefined): string {
  return `flyFauna.faunaSecret:${folder ? folder.uri.toString() : '(no folder)'}`;
}

/** The folder whose settings apply: the given document's, else the first one. */
export function pickFolder(uri?: vscode.Uri): vscode.WorkspaceFolder | undefined {
  return (
    (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0]
  );
}

export async function resolveFqlConnection(
  secrets: vscode.SecretStorage,
  folder: vscode.WorkspaceFolder | undefined,
): Promise<FqlConnection> {
  const config = vscode.workspace.getConfiguration('flyFauna.fauna', folder);
  const endpointSetting = config.get<string>('endpoint', '').trim();
  const profileSetting = config.get<string>('profile', '').trim();
  const flags = {
    ...(endpointSetting ? { endpointFlag: endpointSetting } : {}),
    ...(profileSetting ? { profileFlag: profileSetting } : {}),
    flagLabels: {
      endpoint: 'setting flyFauna.fauna.endpoint',
      profile: 'setting flyFauna.fauna.profile',
    },
  };
  // The folder's files (fly.toml [env], fauna.config, .env, .fauna-project) as the CLI
  // reads them; without a local folder, settings and the environment only.
  const s =
    folder && folder.uri.scheme === 'file'
      ? await resolveConnection({ cwd: folder.uri.fsPath, env: process.env, ...flags })
      : fromSettingsOnly(endpointSetting);
  const stored = await secrets.get(secretKey(folder));
  const secret: Sourced<string> | null = stored
    ? { value: stored, source: `Set Fauna Secret (${folder ? folder.name : 'no folder'})` }
    : s.secret;
  return { endpoint: s.endpoint, secret, warnings: s.warnings };
}

function fromSettingsOnly(endpointSetting: string): ResolvedConnection {
  const s = resolveFaunaSettings({
    flags: endpointSetting ? { endpoint: endpointSetting } : {},
    flagLabels: { endpoint: 'setting flyFauna.fauna.endpoint' },
    files: [],
    env: process.env,
    flyEnv: {},
  });
  return {
    endpoint: s.endpoint ?? { value: DEFAULT_ENDPOINT, source: 'default (self-hosted Fauna)' },
    secret: s.secret,
    warnings: s.warnings,
  };
}

/** *Set Fauna Secret*: a password box, stored in SecretStorage for the folder. */
export async function promptForSecret(
  secrets: vscode.SecretStorage,
  folder: vscode.WorkspaceFolder | undefined,
): Promise<boolean> {
  const value = await vscode.window.showInputBox({
    title: `Fauna secret${folder ? ` for ${folder.name}` : ''}`,
    prompt:
      'Stored in VS Code SecretStorage for this workspace folder; never in settings. For a local self-hosted Fauna the root key is "secret".',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) =>
      v.trim() === ''
        ? 'Enter a secret, or press Escape'
        : /\s/.test(v.trim())
          ? 'A Fauna secret has no spaces'
          : null,
  });
  if (value === undefined) return false;
  await secrets.store(secretKey(folder), value.trim());
  return true;
}
