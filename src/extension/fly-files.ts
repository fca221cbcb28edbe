import * as vscode from 'vscode';
import { UserError } from './ctx';

/**
 * fly.toml and fly.<env>.toml, by file pattern and not by language: the file may be
 * `toml` (with a TOML extension), `plaintext` or anything else. Only files on disk: not
 * the `git:` originals a diff view opens, which would get a second set of diagnostics.
 */
export const FLY_TOML_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/fly.toml' },
  { scheme: 'file', pattern: '**/fly.*.toml' },
];

/** The glob workspace.findFiles and watchers use for the same files. */
export const FLY_TOML_GLOB = '**/{fly.toml,fly.*.toml}';

/** True for a document the fly.toml features serve. */
export function isFlyToml(document: vscode.TextDocument): boolean {
  return vscode.languages.match(FLY_TOML_SELECTOR, document) > 0;
}

/**
 * The fly.toml a command is about: its argument, the active editor, or the workspace's
 * (asking when there are several, unless `ask` is false: then the first by path).
 */
export async function targetFlyToml(arg?: unknown, ask = true): Promise<vscode.TextDocument> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  if (typeof arg === 'string' && arg !== '')
    return vscode.workspace.openTextDocument(vscode.Uri.parse(arg));
  const active = vscode.window.activeTextEditor?.document;
  if (active && isFlyToml(active)) return active;
  const found = await vscode.workspace.findFiles(FLY_TOML_GLOB, '**/node_modules/**', 50);
  if (found.length === 0) throw new UserError('No fly.toml in this workspace.', [], 'info');
  if (found.length === 1) return vscode.workspace.openTextDocument(found[0]);
  found.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  if (!ask) return vscode.workspace.openTextDocument(found[0]);
  const pick = await vscode.window.showQuickPick(
    found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
    { title: 'Which fly.toml?' },
  );
  if (!pick) throw new vscode.CancellationError();
  return vscode.workspace.openTextDocument(pick.uri);
}
