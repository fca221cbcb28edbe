import * as vscode from 'vscode';

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
