import * as vscode from 'vscode';
import type { Analysis } from './analysis';
import { COMMANDS } from './contributions';
import type { Ctx } from './ctx';
import { FLY_TOML_GLOB, isFlyToml } from './fly-files';
import { REGION_MISMATCH_CODES, summarize } from './region-commands';

/** The status bar text and tooltip for an analysis. */
export function statusOf(a: Analysis): { text: string; tooltip: string; ok: boolean | null } {
  const report = a.result.report;
  const fp = a.result.footprint.footprint;
  const app = report.app ?? 'fly.toml';
  if (!fp || fp.regions.length === 0) {
    const label = fp ? fp.label.replace(' Region Group', '') : 'no group';
    return {
      text: `$(cloud) ${app} · ${label}`,
      tooltip: `${summarize(report).text}\nClick to check regions.`,
      ok: null,
    };
  }
  const group = fp.kind === 'group' ? fp.group.toUpperCase() : 'custom';
  const ok = !report.findings.some((f) => REGION_MISMATCH_CODES.includes(f.code));
  return {
    text: `$(cloud) ${app} · ${group} ${ok ? '$(check)' : '$(warning)'}`,
    tooltip: `${summarize(report).text}\nClick to check regions${a.result.report.deployed ? '' : ' (with the deployed machines)'}.`,
    ok,
  };
}

/**
 * A status bar item: the app, its group and whether its regions match, for the active
 * fly.toml or else the workspace's first one. Click: Check Regions.
 */
export function registerStatusBar(ctx: Ctx): void {
  const item = vscode.window.createStatusBarItem(
    'flyFauna.status',
    vscode.StatusBarAlignment.Left,
    50,
  );
  item.name = 'Fly + Fauna';
  item.command = COMMANDS.checkRegions;
  ctx.push(item);
  let fallback: vscode.Uri | undefined;
  // Updates finish out of order (each waits for an analysis): only the latest may paint.
  let latest = 0;

  const update = async () => {
    const seq = ++latest;
    const active = vscode.window.activeTextEditor?.document;
    const document =
      active && isFlyToml(active)
        ? active
        : fallback
          ? await vscode.workspace.openTextDocument(fallback)
          : undefined;
    if (!document) {
      if (seq === latest) {
        item.hide();
        ctx.status = { ...ctx.status, visible: false };
      }
      return;
    }
    const s = statusOf(await ctx.analyzer.analyze(document));
    if (seq !== latest) return;
    item.text = s.text;
    item.tooltip = s.tooltip;
    // Screen readers get words, not the icon names.
    item.accessibilityInformation = {
      label: `Fly + Fauna: ${s.tooltip.split('\n')[0]}`,
      role: 'button',
    };
    ctx.status = { text: s.text, tooltip: s.tooltip, visible: true };
    item.backgroundColor =
      s.ok === false ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  const refresh = () => {
    update().catch((e: unknown) => ctx.log.warn(`status bar: ${String(e)}`));
  };
  ctx.push(
    vscode.window.onDidChangeActiveTextEditor(refresh),
    // Diagnostics follow typing (debounced), settings and file changes: follow them.
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (e.uris.some((u) => u.toString() === active || u.toString() === fallback?.toString()))
        refresh();
    }),
    ctx.project.onDidChange(refresh),
    ctx.onDidCheck(refresh),
  );
  ctx.onDidChangeConfig(refresh);
  // Looking for a fly.toml searches the workspace: do it after activation, not during.
  setTimeout(() => {
    vscode.workspace.findFiles(FLY_TOML_GLOB, '**/node_modules/**', 1).then(
      (found) => {
        fallback = found[0];
        refresh();
      },
      (e: unknown) => ctx.log.warn(`status bar: ${String(e)}`),
    );
  }, 0);
}
