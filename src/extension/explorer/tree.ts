/**
 * The Database explorer tree (view `flyFauna.explorer`): the connection, then per
 * database the lists Databases, Collections, Functions, Roles and Access Providers, one
 * page at a time (a "Load more…" item while the set has an `after` cursor). Child
 * databases expand to the same lists through a scoped secret (ExplorerClient).
 *
 * Lazy: nothing is read or queried until VS Code asks for children (the view expands).
 * Never queries from an untrusted workspace. Errors become one item with the message;
 * the secret is never shown (the client redacts it from every message).
 */
import * as vscode from 'vscode';
import type {
  CollectionModel,
  ExplorerItem,
  ExplorerKind,
  IndexModel,
} from '../../core/fauna/explorer';
import { KIND_LABELS, emptyListNote, indexSummary, termText } from '../../core/fauna/explorer';
import { displayEndpoint } from '../../core/fql/errors';
import type { Connection } from '../../node/fauna/runner';
import { ExplorerClient } from '../../node/fauna/explorer-client';
import type { FqlConnection } from '../fql/connection';
import { pickFolder, resolveFqlConnection } from '../fql/connection';

/** The groups each database shows, in this order. */
export const GROUP_ORDER: readonly ExplorerKind[] = [
  'databases',
  'collections',
  'functions',
  'roles',
  'accessProviders',
];

export const LOAD_MORE_COMMAND = 'flyFauna.loadMoreItems';
export const OPEN_DEFINITION_COMMAND = 'flyFauna.openDefinition';

interface GroupState {
  items: ExplorerItem[];
  after: string | null;
  /** A Load more is on its way (a second click does not load the same page twice). */
  loading?: boolean;
}

/** One node of the tree. `path` is the database, from the connection's own ([] = it). */
export type ExplorerNode =
  | { type: 'connection'; label: string; source: string }
  | { type: 'group'; path: readonly string[]; kind: ExplorerKind }
  | { type: 'item'; path: readonly string[]; item: ExplorerItem }
  | { type: 'more'; path: readonly string[]; kind: ExplorerKind }
  | { type: 'section'; label: string; rows: { label: string; description: string }[] }
  | { type: 'row'; label: string; description: string }
  | { type: 'message'; text: string; error: boolean; detail?: string };

const groupKey = (path: readonly string[], kind: ExplorerKind) => `${path.join('/')}|${kind}`;

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  readonly #secrets: vscode.SecretStorage;
  readonly #client = new ExplorerClient({
    secretHint:
      'run "Fly + Fauna: Set Fauna Secret", or set FAUNA_SECRET in the environment or the folder\'s .env',
  });
  readonly #changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.#changed.event;
  readonly #groups = new Map<string, GroupState>();
  /** Group nodes by key, so Load more refreshes the same node object. */
  readonly #groupNodes = new Map<string, ExplorerNode & { type: 'group' }>();
  readonly #disposables: vscode.Disposable[] = [];
  #conn: Promise<FqlConnection> | undefined;
  #ac = new AbortController();
  /** Bumped by refresh(), so a page that arrives after it is not kept. */
  #generation = 0;
  /** Queries sent so far (the host tests read it; activation must leave it at 0). */
  queries = 0;

  constructor(secrets: vscode.SecretStorage) {
    this.#secrets = secrets;
    this.#disposables.push(
      this.#changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('flyFauna.fauna')) this.refresh();
      }),
      secrets.onDidChange(() => this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    );
  }

  dispose(): void {
    this.#ac.abort();
    this.#client.close();
    for (const d of this.#disposables) d.dispose();
  }

  /** Forgets every loaded page and the connection; the view reloads what is expanded. */
  refresh(): void {
    this.#ac.abort();
    this.#ac = new AbortController();
    this.#generation++;
    this.#groups.clear();
    this.#groupNodes.clear();
    this.#conn = undefined;
    this.#client.close();
    this.#changed.fire(undefined);
  }

  #connection(): Promise<FqlConnection> {
    this.#conn ??= resolveFqlConnection(this.#secrets, pickFolder());
    return this.#conn;
  }

  #group(path: readonly string[], kind: ExplorerKind): ExplorerNode & { type: 'group' } {
    const key = groupKey(path, kind);
    let node = this.#groupNodes.get(key);
    if (!node) {
      node = { type: 'group', path, kind };
      this.#groupNodes.set(key, node);
    }
    return node;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!vscode.workspace.isTrusted)
      return node
        ? []
        : [
            {
              type: 'message',
              text: 'Queries are off in Restricted Mode. Trust the workspace to browse the database.',
              error: false,
            },
          ];
    if (!node) {
      const c = await this.#connection();
      const root: ExplorerNode[] = [
        { type: 'connection', label: displayEndpoint(c.endpoint.value), source: c.endpoint.source },
      ];
      if (!c.secret)
        return [
          ...root,
          {
            type: 'message',
            text: 'No Fauna secret: run "Fly + Fauna: Set Fauna Secret", or set FAUNA_SECRET in the environment or the folder\'s .env.',
            error: true,
          },
        ];
      return [...root, ...GROUP_ORDER.map((k) => this.#group([], k))];
    }
    switch (node.type) {
      case 'group':
        return this.#groupChildren(node.path, node.kind);
      case 'item':
        return this.#itemChildren(node.path, node.item);
      case 'section':
        return node.rows.map((r) => ({ type: 'row', ...r }));
      default:
        return [];
    }
  }

  async #groupChildren(path: readonly string[], kind: ExplorerKind): Promise<ExplorerNode[]> {
    const key = groupKey(path, kind);
    let state = this.#groups.get(key);
    if (!state) {
      const generation = this.#generation;
      const o = await this.#list(path, kind);
      if (!o.ok) return [{ type: 'message', text: o.message, error: true }];
      state = { items: o.items, after: o.after };
      if (generation === this.#generation) this.#groups.set(key, state);
    }
    const nodes: ExplorerNode[] = state.items.map((item) => ({ type: 'item', path, item }));
    if (nodes.length === 0) {
      const note = emptyListNote(kind);
      nodes.push({
        type: 'message',
        text: note.text,
        error: false,
        ...(note.detail ? { detail: note.detail } : {}),
      });
    }
    if (state.after !== null) nodes.push({ type: 'more', path, kind });
    return nodes;
  }

  async #list(
    path: readonly string[],
    kind: ExplorerKind,
    after?: string,
  ): Promise<
    { ok: true; items: ExplorerItem[]; after: string | null } | { ok: false; message: string }
  > {
    const c = await this.#connection();
    const conn: Connection = { endpoint: c.endpoint.value, secret: c.secret?.value };
    const timeoutMs = vscode.workspace
      .getConfiguration('flyFauna.query', pickFolder())
      .get<number>('timeoutMs', 5000);
    this.queries++;
    const o = await this.#client.list(conn, {
      path,
      kind,
      ...(after !== undefined ? { after } : {}),
      signal: this.#ac.signal,
      timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : 5000,
    });
    if (!o.ok) return { ok: false, message: o.error.message };
    return { ok: true, items: o.page.items, after: o.page.after };
  }

  /** The next page of a group, appended to it (the "Load more…" item). */
  async loadMore(path: readonly string[], kind: ExplorerKind): Promise<void> {
    if (!vscode.workspace.isTrusted) return;
    const key = groupKey(path, kind);
    const state = this.#groups.get(key);
    if (!state || state.after === null || state.loading) return;
    const generation = this.#generation;
    state.loading = true;
    const o = await this.#list(path, kind, state.after).finally(() => {
      state.loading = false;
    });
    if (generation !== this.#generation) return;
    if (!o.ok) {
      void vscode.window.showErrorMessage(`Could not load more ${KIND_LABELS[kind]}: ${o.message}`);
      return;
    }
    state.items.push(...o.items);
    state.after = o.after;
    this.#changed.fire(this.#group(path, kind));
  }

  #itemChildren(path: readonly string[], item: ExplorerItem): ExplorerNode[] {
    if (item.kind === 'database') {
      const child = [...path, item.name];
      return GROUP_ORDER.map((k) => this.#group(child, k));
    }
    if (item.kind === 'collection') return collectionSections(item);
    return [];
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    switch (node.type) {
      case 'connection': {
        const t = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        t.description = node.source;
        t.tooltip = `Fauna endpoint ${node.label} (${node.source})`;
        t.iconPath = new vscode.ThemeIcon('plug');
        t.contextValue = 'connection';
        return t;
      }
      case 'group': {
        const t = new vscode.TreeItem(
          KIND_LABELS[node.kind],
          vscode.TreeItemCollapsibleState.Collapsed,
        );
        t.id = `group:${groupKey(node.path, node.kind)}`;
        t.contextValue = 'group';
        t.iconPath = new vscode.ThemeIcon(GROUP_ICONS[node.kind]);
        return t;
      }
      case 'item':
        return itemTreeItem(node.path, node.item);
      case 'more': {
        const t = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
        t.contextValue = 'loadMore';
        t.command = {
          command: LOAD_MORE_COMMAND,
          title: 'Load more',
          arguments: [node],
        };
        return t;
      }
      case 'section': {
        const t = new vscode.TreeItem(
          node.label,
          node.rows.length
            ? vscode.TreeItemCollapsibleState.Collapsed
            : vscode.TreeItemCollapsibleState.None,
        );
        t.description = node.rows.length ? String(node.rows.length) : 'none';
        t.contextValue = 'section';
        return t;
      }
      case 'row': {
        const t = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        t.description = node.description;
        t.tooltip = node.description ? `${node.label}: ${node.description}` : node.label;
        return t;
      }
      case 'message': {
        const t = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        t.tooltip = node.detail ? `${node.text}: ${node.detail}` : node.text;
        if (node.detail) t.description = node.detail;
        t.iconPath = new vscode.ThemeIcon(node.error ? 'error' : 'info');
        t.contextValue = node.error ? 'error' : 'message';
        return t;
      }
    }
  }
}

const GROUP_ICONS: Record<ExplorerKind, string> = {
  databases: 'database',
  collections: 'folder',
  functions: 'symbol-function',
  roles: 'shield',
  accessProviders: 'key',
};

function itemTreeItem(path: readonly string[], item: ExplorerItem): vscode.TreeItem {
  const label = item.kind === 'malformed' ? (item.name ?? '(unreadable entry)') : item.name;
  const state =
    item.kind === 'collection' || item.kind === 'database'
      ? vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
  const t = new vscode.TreeItem(label, state);
  t.contextValue = item.kind;
  t.id = `item:${path.join('/')}|${item.kind}|${label}`;
  switch (item.kind) {
    case 'collection':
      t.iconPath = new vscode.ThemeIcon('symbol-class');
      if (item.alias) t.description = `alias ${item.alias}`;
      break;
    case 'database':
      t.iconPath = new vscode.ThemeIcon('database');
      if (item.protected) t.description = 'protected';
      break;
    case 'function':
      t.iconPath = new vscode.ThemeIcon('symbol-function');
      t.description = item.signature ?? '';
      break;
    case 'role':
      t.iconPath = new vscode.ThemeIcon('shield');
      break;
    case 'accessProvider':
      t.iconPath = new vscode.ThemeIcon('key');
      t.description = item.issuer;
      break;
    case 'malformed':
      t.iconPath = new vscode.ThemeIcon('warning');
      t.description = item.message;
      t.tooltip = item.message;
      return t;
  }
  if (item.kind !== 'collection' && item.kind !== 'database')
    t.command = {
      command: OPEN_DEFINITION_COMMAND,
      title: 'Open Definition',
      arguments: [{ type: 'item', path, item }],
    };
  return t;
}

function indexRow(i: IndexModel): { label: string; description: string } {
  return { label: i.name, description: indexSummary(i) };
}

/** A collection's children: Indexes, Unique constraints, Checks, Computed fields. */
export function collectionSections(c: CollectionModel): ExplorerNode[] {
  return [
    { type: 'section', label: 'Indexes', rows: c.indexes.map(indexRow) },
    {
      type: 'section',
      label: 'Unique constraints',
      rows: c.uniques.map((u) => ({
        label: `[${u.fields.map(termText).join(', ')}]`,
        description: u.status && u.status !== 'active' ? u.status : '',
      })),
    },
    {
      type: 'section',
      label: 'Checks',
      rows: c.checks.map((k) => ({ label: k.name, description: k.body })),
    },
    {
      type: 'section',
      label: 'Computed fields',
      rows: c.computed.map((f) => ({
        label: f.name,
        description: f.signature ? `${f.signature} = ${f.body}` : f.body,
      })),
    },
  ];
}
