/**
 * The *Regions* tree: per fly.toml, the footprint and where it comes from, primary_region,
 * each footprint region with its machines (from the last Check Regions), the regions
 * outside the footprint, and why the machines are unknown when they are. It shows what
 * the analysis already knows and never starts a process: flyctl runs only from Check
 * Regions and Match Footprint.
 */
import * as vscode from 'vscode';
import { regionsOverview, type OverviewRow, type RowState } from '../../core/regions-overview';
import type { Analysis } from '../analysis';
import { VIEWS } from '../contributions';
import { COMMANDS } from '../contributions';
import type { Ctx } from '../ctx';
import { FLY_TOML_GLOB, isFlyToml } from '../fly-files';

/** A node of the tree: a file, or one row of its overview. */
export interface RegionNode {
  kind: 'file' | 'empty' | OverviewRow['kind'];
  label: string;
  description?: string;
  tooltip?: string;
  /** The fly.toml this node belongs to (commands on a file node get it). */
  uri?: string;
  state?: RowState;
  children?: RegionNode[];
  command?: vscode.Command;
}

const MAX_FILES = 20;

/** A file node and its rows, from the file's analysis (see core/regions-overview). */
export function fileNode(analysis: Analysis, relPath: string): RegionNode {
  const uri = analysis.uri;
  const o = regionsOverview(analysis.result, analysis.catalog, relPath);
  const commands: Record<NonNullable<OverviewRow['action']>, vscode.Command> = {
    'choose-group': { title: 'Choose Region Group', command: COMMANDS.chooseRegionGroup },
    check: {
      title: 'Check Regions',
      command: COMMANDS.checkRegions,
      arguments: [vscode.Uri.parse(uri)],
    },
  };
  return {
    kind: 'file',
    label: o.label,
    description: o.label === relPath ? o.status : `${relPath} · ${o.status}`,
    tooltip: `${relPath}\n${o.status}`,
    uri,
    state: o.state,
    children: o.rows.map((r) => ({
      kind: r.kind,
      label: r.label,
      description: r.description,
      ...(r.tooltip !== undefined ? { tooltip: r.tooltip } : {}),
      state: r.state,
      uri,
      ...(r.action ? { command: commands[r.action] } : {}),
    })),
  };
}

const ICONS: Record<RowState, vscode.ThemeIcon> = {
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
    // Screen readers get the status too, not just the label.
    item.accessibilityInformation = {
      label: node.description ? `${node.label}, ${node.description}` : node.label,
    };
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
    // Shallow files first (the project's own fly.toml before those of subfolders).
    const depth = (u: vscode.Uri) => u.path.split('/').length;
    uris.sort((a, b) => depth(a) - depth(b) || a.fsPath.localeCompare(b.fsPath));
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
