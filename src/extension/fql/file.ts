/**
 * `.fql` files: a *Run* CodeLens, Ctrl/Cmd+Enter (the selection, or the whole file),
 * the result in the FQL view, and a query error as a diagnostic at the line and column
 * Fauna's summary reports.
 */
import * as vscode from 'vscode';
import { summaryNotes } from '../../core/fql/errors';
import type { SummaryNote } from '../../core/fql/errors';
import type { FqlController } from './view';

export const RUN_FILE_COMMAND = 'flyFauna.runFql';

/** The Run lens at the top of every `.fql` document. */
export class FqlCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (doc.getText().trim() === '') return [];
    return [
      new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
        title: '$(play) Run query',
        tooltip: 'Run this file against the Fauna endpoint (Ctrl/Cmd+Enter runs the selection)',
        command: RUN_FILE_COMMAND,
        arguments: [doc.uri],
      }),
    ];
  }
}

/** Runs a `.fql` document's selection or text; errors become diagnostics. */
export class FqlFileRunner implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('fly-fauna-fql');
  readonly #controller: FqlController;
  readonly #subs: vscode.Disposable[];

  constructor(controller: FqlController) {
    this.#controller = controller;
    this.#subs = [
      vscode.workspace.onDidCloseTextDocument((d) => this.diagnostics.delete(d.uri)),
      // A query error's place is stale once the text changes; the next run says anew.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.diagnostics.has(e.document.uri))
          this.diagnostics.delete(e.document.uri);
      }),
    ];
  }

  dispose(): void {
    for (const s of this.#subs) s.dispose();
    this.diagnostics.dispose();
  }

  /**
   * `uri` given (CodeLens): the whole file. Otherwise the active editor's selection, or
   * its whole text when nothing is selected.
   */
  async run(uri?: vscode.Uri): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    let doc: vscode.TextDocument;
    let range: vscode.Range;
    if (uri && (!editor || editor.document.uri.toString() !== uri.toString())) {
      doc = await vscode.workspace.openTextDocument(uri);
      range = fullRange(doc);
    } else if (editor) {
      doc = editor.document;
      range = !uri && !editor.selection.isEmpty ? editor.selection : fullRange(doc);
    } else {
      void vscode.window.showWarningMessage('Open a .fql file to run it.');
      return;
    }
    const query = doc.getText(range);
    if (query.trim() === '') {
      void vscode.window.showWarningMessage('Nothing to run: the query is empty.');
      return;
    }
    this.diagnostics.delete(doc.uri);
    const outcome = await this.#controller.runFromEditor({ query, origin: 'file', uri: doc.uri });
    // A failure's summary places the error; a success's may place logs and hints.
    const summary = outcome.ok ? outcome.result.summary : outcome.error.summary;
    const code = outcome.ok ? 'summary' : outcome.error.code;
    const diags: vscode.Diagnostic[] = [];
    for (const n of summaryNotes(summary)) {
      const start = offsetPosition(range.start, n.position.line, n.position.character);
      const place = n.wholeLine
        ? doc.lineAt(Math.min(start.line, doc.lineCount - 1)).range
        : new vscode.Range(start, start.translate(0, n.position.length));
      diags.push(noteDiagnostic(place, n, outcome.ok ? null : outcome.error.message, code));
    }
    this.diagnostics.set(doc.uri, diags);
    if (!outcome.ok && diags.length === 0 && outcome.error.code !== 'cancelled')
      void vscode.window.showErrorMessage(outcome.error.message);
  }
}

function fullRange(doc: vscode.TextDocument): vscode.Range {
  return new vscode.Range(new vscode.Position(0, 0), doc.lineAt(doc.lineCount - 1).range.end);
}

/** A position in the query (0-based) mapped into the document, given where the query starts. */
function offsetPosition(start: vscode.Position, line: number, character: number): vscode.Position {
  return line === 0
    ? new vscode.Position(start.line, start.character + character)
    : new vscode.Position(start.line + line, character);
}

/**
 * The diagnostic for one note of a query's summary at `place` (a `.fql` file or an
 * `fql` template): an error note leads with the error's message.
 */
export function noteDiagnostic(
  place: vscode.Range,
  n: SummaryNote,
  errorMessage: string | null,
  code: string,
): vscode.Diagnostic {
  const d = new vscode.Diagnostic(
    place,
    n.severity === 'error' && errorMessage !== null
      ? `${errorMessage} ${n.message}`.trim()
      : n.message,
    n.severity === 'error'
      ? vscode.DiagnosticSeverity.Error
      : n.severity === 'warning'
        ? vscode.DiagnosticSeverity.Warning
        : vscode.DiagnosticSeverity.Information,
  );
  d.source = 'fly-fauna';
  d.code = code;
  return d;
}
