import type * as vscode from 'vscode';

/** Entry point; the real wiring lands with the editor work. */
export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
