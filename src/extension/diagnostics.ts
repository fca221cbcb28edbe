import * as vscode from 'vscode';
import type { Finding, Range, Severity } from '../core/types';
import type { Analysis } from './analysis';
import { DIAGNOSTIC_SOURCE, findingDocsUrl } from './contributions';
import type { Ctx } from './ctx';
import { isFlyToml } from './fly-files';

/** How long typing must pause before a fly.toml is checked again. */
export const DIAGNOSTICS_DEBOUNCE_MS = 250;

/** One diagnostics pass, for the test API and the bench. */
export interface DiagnosticsPass {
  uri: string;
  version: number;
  /**
   * Cost of the pass, ms: computing the analysis of this version (the code action or
   * hover provider may have asked first; it is computed once) plus turning it into
   * diagnostics.
   */
  ms: number;
}

export function toVsRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function toVsSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
  }
}

/**
 * Where a finding without a place in the file is shown: on the primary_region value
 * (footprint findings are about it), else on the first line.
 */
export function placeOf(
  f: Finding,
  analysis: Analysis,
  document: vscode.TextDocument,
): vscode.Range {
  if (f.range) return toVsRange(f.range);
  const primary = analysis.result.footprint.primaryRegion;
  if (primary) return toVsRange(primary.range);
  return document.lineCount > 0 ? document.lineAt(0).range : new vscode.Range(0, 0, 0, 0);
}

/** The diagnostics of an analysis, in the findings' order. */
export function toDiagnostics(
  analysis: Analysis,
  document: vscode.TextDocument,
): vscode.Diagnostic[] {
  return analysis.result.findings.map((f) => {
    const d = new vscode.Diagnostic(
      placeOf(f, analysis, document),
      f.message,
      toVsSeverity(f.severity),
    );
    d.source = DIAGNOSTIC_SOURCE;
    d.code = { value: f.code, target: vscode.Uri.parse(findingDocsUrl(f.code)) };
    // Apps V1 keys flyctl ignores: faded like dead code.
    if (f.code === 'legacy-key') d.tags = [vscode.DiagnosticTag.Unnecessary];
    return d;
  });
}

/** The diagnostic a finding became (same code and place), for code actions. */
export function sameFinding(
  d: vscode.Diagnostic,
  f: Finding,
  analysis: Analysis,
  document: vscode.TextDocument,
): boolean {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return (
    d.source === DIAGNOSTIC_SOURCE &&
    code === f.code &&
    d.range.isEqual(placeOf(f, analysis, document))
  );
}

/**
 * fly.toml diagnostics: on open, as the user types (debounced), and again for every
 * open fly.toml when the settings, the Fauna files or a Check Regions result change.
 */
export function registerDiagnostics(ctx: Ctx, onPass?: (p: DiagnosticsPass) => void): void {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  ctx.push(collection, { dispose: () => timers.forEach((t) => clearTimeout(t)) });

  const refresh = async (document: vscode.TextDocument): Promise<void> => {
    if (document.isClosed || !isFlyToml(document)) return;
    if (!ctx.config(document.uri).diagnosticsEnabled) {
      collection.delete(document.uri);
      return;
    }
    const version = document.version;
    const analysis = await ctx.analyzer.analyze(document);
    // A newer edit or a close while the files were read: that pass will (or did) report.
    if (document.isClosed || document.version !== version) return;
    const t0 = performance.now();
    collection.set(document.uri, toDiagnostics(analysis, document));
    onPass?.({
      uri: document.uri.toString(),
      version,
      ms: analysis.computeMs + performance.now() - t0,
    });
  };
  const run = (document: vscode.TextDocument) => {
    refresh(document).catch((e: unknown) =>
      ctx.log.error(`diagnostics failed for ${document.uri.toString()}: ${String(e)}`),
    );
  };
  const schedule = (document: vscode.TextDocument, delay: number) => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        run(document);
      }, delay),
    );
  };
  const refreshAll = () => {
    for (const d of vscode.workspace.textDocuments) if (isFlyToml(d)) run(d);
  };

  ctx.push(
    vscode.workspace.onDidOpenTextDocument((d) => run(d)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && isFlyToml(e.document))
        schedule(e.document, DIAGNOSTICS_DEBOUNCE_MS);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      clearTimeout(timers.get(d.uri.toString()));
      collection.delete(d.uri);
      ctx.analyzer.forget(d.uri);
    }),
    ctx.project.onDidChange(refreshAll),
    ctx.onDidCheck(refreshAll),
  );
  ctx.onDidChangeConfig(() => {
    ctx.analyzer.invalidate();
    refreshAll();
  });
  refreshAll();
}
