/**
 * The *Regions* tree: per fly.toml, the footprint and where it comes from, primary_region,
 * each footprint region with its machines (from the last Check Regions), the regions
 * outside the footprint, and why the machines are unknown when they are. It shows what
 * the analysis already knows and never starts a process: flyctl runs only from Check
 * Regions and Match Footprint.
 */
import * as vscode from 'vscode';
import type { Analysis } from '../analysis';
import { VIEWS } from '../contributions';
import { COMMANDS } from '../contributions';
import type { Ctx } from '../ctx';
import { FLY_TOML_GLOB, isFlyToml } from '../fly-files';

/** A node of the tree (plain data, so the VS Code tests can read it). */
export interface RegionNode {
  kind: 'file' | 'footprint' | 'primary' | 'region' | 'extra' | 'problem' | 'empty';
  label: string;
  description?: string;
  tooltip?: string;
  /** The fly.toml this node belongs to (commands on a file node get it). */
  uri?: string;
  state?: 'ok' | 'warning' | 'unknown' | 'info';
  children?: RegionNode[];
  command?: vscode.Command;
}

const MAX_FILES = 20;
const PRIMARY_CODES = ['region-unknown', 'region-deprecated', 'region-outside-group'];

/** The children of a file node, from its analysis. Exported for tests. */
export function fileChildren(analysis: Analysis): RegionNode[] {
  const uri = analysis.uri;
  const report = analysis.result.report;
  const fp = analysis.result.footprint.footprint;
  const catalog = analysis.catalog;
  const nodes: RegionNode[] = [];
  const name = (code: string) => catalog.get(code)?.name ?? 'unknown region';

  if (!fp || fp.regions.length === 0) {
    nodes.push({
      kind: 'footprint',
      label: fp ? `${fp.label}: no single footprint` : 'No Region Group or footprint known',
      description: 'choose one…',
      state: 'info',
      uri,
      command: { title: 'Choose Region Group', command: COMMANDS.chooseRegionGroup },
    });
  } else {
    nodes.push({
      kind: 'footprint',
      label: `Footprint: ${fp.label}`,
      description: report.regionGroup?.source ?? '',
      tooltip: `${fp.label}: ${fp.regions.join(', ')}${report.regionGroup ? `\nfrom ${report.regionGroup.source}` : ''}`,
      state: 'info',
      uri,
    });
  }

  const primaryFinding = analysis.result.findings.find((f) => PRIMARY_CODES.includes(f.code));
  nodes.push(
    report.primaryRegion
      ? {
          kind: 'primary',
          label: `primary_region ${report.primaryRegion}`,
          description: primaryFinding
            ? primaryFinding.message
            : `${name(report.primaryRegion)}${fp?.regions.includes(report.primaryRegion) ? ' · in the footprint' : ''}`,
          state: primaryFinding ? 'warning' : 'ok',
          uri,
        }
      : { kind: 'primary', label: 'primary_region not set', state: 'info', uri },
  );

  const deployed = report.deployed?.regions ?? null;
  for (const code of fp?.regions ?? []) {
    const n = deployed ? (deployed[code] ?? 0) : null;
    nodes.push({
      kind: 'region',
      label: code,
      description: `${name(code)} · ${n === null ? 'not checked' : n === 0 ? 'no machine' : `${n} machine${n === 1 ? '' : 's'}`}`,
      state: n === null ? 'unknown' : n === 0 ? 'warning' : 'ok',
      uri,
    });
  }
  for (const code of report.extraRegions) {
    const n = deployed?.[code] ?? 0;
    nodes.push({
      kind: 'extra',
      label: code,
      description: `${name(code)} · outside the footprint · ${n} machine${n === 1 ? '' : 's'}`,
      state: 'warning',
      uri,
    });
  }
  const problem = analysis.result.findings.find((f) => f.code === 'flyctl-unavailable');
  if (problem)
    nodes.push({
      kind: 'problem',
      label: 'Machines not read',
      description: problem.message,
      tooltip: problem.message,
      state: 'info',
      uri,
    });
  else if (!deployed) {
    nodes.push({
      kind: 'problem',
      label: 'Machines not checked yet',
      description: 'run Check Regions',
      state: 'unknown',
      uri,
      command: {
        title: 'Check Regions',
        command: COMMANDS.checkRegions,
        arguments: [vscode.Uri.parse(uri)],
      },
    });
  }
  return nodes;
}

/** The file node's own label and status. */
export function fileNode(analysis: Analysis, relPath: string): RegionNode {
  const report = analysis.result.report;
  const missing = report.deployed ? report.missingRegions.length : 0;
  const extra = report.deployed ? report.extraRegions.length : 0;
  const status = !report.footprint.length
    ? 'no footprint'
    : !report.deployed
      ? 'machines not checked'
      : missing + extra === 0
        ? 'matches the footprint'
        : [missing ? `${missing} missing` : '', extra ? `${extra} outside` : '']
            .filter(Boolean)
            .join(', ');
  return {
    kind: 'file',
    label: report.app ?? relPath,
    description: `${relPath} · ${status}`,
    tooltip: `${relPath}\n${status}`,
    uri: analysis.uri,
    state:
      !report.deployed || !report.footprint.length
        ? 'unknown'
        : missing + extra === 0
          ? 'ok'
          : 'warning',
    children: fileChildren(analysis),
  };
}

const ICONS: Record<NonNullable<RegionNode['state']>, vscode.ThemeIcon> = {
  ok: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  unknown: new vscode.ThemeIcon('circle-large-outline'),
  info: new vscode.ThemeIcon('info'),
};

export class RegionsTree implements vscode.TreeDataProvider<RegionNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RegionNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: Ctx) {}

  /** Refreshes soon (several triggers in a row make one refresh). */
  refresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(undefined), 150);
  }

  getTreeItem(node: RegionNode): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      node.children?.length
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.None,
    );
    if (node.description !== undefined) item.description = node.description;
    if (node.tooltip !== undefined) item.tooltip = node.tooltip;
    if (node.state) item.iconPath = ICONS[node.state];
    if (node.command) item.command = node.command;
    if (node.kind === 'file' && node.uri) {
      item.contextValue = 'flyToml';
      item.resourceUri = vscode.Uri.parse(node.uri);
      item.id = node.uri;
    }
    return item;
  }

  async getChildren(node?: RegionNode): Promise<RegionNode[]> {
    if (node) return node.children ?? [];
    const uris = await vscode.workspace.findFiles(FLY_TOML_GLOB, '**/node_modules/**', MAX_FILES);
    uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
    const nodes: RegionNode[] = [];
    for (const uri of uris) {
      try {
        const document = await vscode.workspace.openTextDocument(uri);
        nodes.push(
          fileNode(await this.ctx.analyzer.analyze(document), vscode.workspace.asRelativePath(uri)),
        );
      } catch (e) {
        this.ctx.log.warn(
          `Regions view: ${vscode.workspace.asRelativePath(uri)}: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    if (nodes.length === 0)
      nodes.push({ kind: 'empty', label: 'No fly.toml in this workspace', state: 'info' });
    return nodes;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }
}

/** Registers the tree and what refreshes it. */
export function registerRegionsView(ctx: Ctx): RegionsTree {
  const tree = new RegionsTree(ctx);
  const view = vscode.window.createTreeView(VIEWS.regions, {
    treeDataProvider: tree,
    showCollapseAll: false,
  });
  ctx.push(tree, view);
  ctx.push(
    ctx.onDidCheck(() => tree.refresh()),
    ctx.project.onDidChange(() => tree.refresh()),
    vscode.workspace.onDidSaveTextDocument((d) => isFlyToml(d) && tree.refresh()),
    vscode.workspace.onDidChangeTextDocument((e) => isFlyToml(e.document) && tree.refresh()),
  );
  ctx.onDidChangeConfig(() => tree.refresh());
  return tree;
}
