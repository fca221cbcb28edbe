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

/** Why a typed secret cannot be stored, or null when it can. */
function secretProblem(v: string): string | null {
  if (v.trim() === '') return 'Enter a secret, or press Escape';
  if (/\s/.test(v.trim())) return 'A Fauna secret has no spaces';
  return null;
}

/**
 * *Set Fauna Secret*: a password box, stored in SecretStorage for the folder. `onOpen`
 * receives the box while it is shown (the host tests type into it).
 */
export function promptForSecret(
  secrets: vscode.SecretStorage,
  folder: vscode.WorkspaceFolder | undefined,
  onOpen?: (box: vscode.InputBox | undefined) => void,
): Promise<boolean> {
  const box = vscode.window.createInputBox();
  box.title = `Fauna secret${folder ? ` for ${folder.name}` : ''}`;
  box.prompt =
    'Stored in VS Code SecretStorage for this workspace folder; never in settings. For a local self-hosted Fauna the root key is "secret".';
  box.password = true;
  box.ignoreFocusOut = true;
  return new Promise<boolean>((resolve) => {
    let done = false;
    const finish = (stored: boolean) => {
      if (done) return;
      done = true;
      onOpen?.(undefined);
      box.dispose();
      resolve(stored);
    };
    box.onDidChangeValue((v) => {
      box.validationMessage = v === '' ? undefined : (secretProblem(v) ?? undefined);
    });
    box.onDidAccept(() => {
      const problem = secretProblem(box.value);
      if (problem) {
        box.validationMessage = problem;
        return;
      }
      box.busy = true;
      void secrets.store(secretKey(folder), box.value.trim()).then(
        () => finish(true),
        () => finish(false),
      );
    });
    box.onDidHide(() => finish(false));
    onOpen?.(box);
    box.show();
  });
}
