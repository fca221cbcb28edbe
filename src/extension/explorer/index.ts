/**
 * Registers the Database explorer: the tree view, its commands (Refresh, Load more,
 * Query This Collection, Open Definition) and the read-only FSL documents. Nothing is
 * queried here; the tree asks the database only when the view expands.
 */
import * as vscode from 'vscode';
import { collectionQuery } from '../../core/fauna/explorer';
import { itemFsl } from '../../core/fauna/fsl';
import { COMMANDS, VIEWS } from '../contributions';
import type { FqlController } from '../fql/view';
import { pickFolder } from '../fql/connection';
import type { ExplorerNode } from './tree';
import { ExplorerProvider } from './tree';

export const FSL_SCHEME = 'fly-fauna-fsl';

/** The read-only documents Open Definition shows, by URI. */
export class FslDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  readonly #texts = new Map<string, string>();
  readonly #changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.#changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.#texts.set(uri.toString(), text);
    this.#changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.#texts.get(uri.toString()) ??
      '// This definition is no longer loaded: refresh the Database view.\n'
    );
  }

  dispose(): void {
    this.#changed.dispose();
  }
}

export interface ExplorerApi {
  provider: ExplorerProvider;
  fsl: FslDocuments;
}

function itemNode(arg: unknown): (ExplorerNode & { type: 'item' }) | undefined {
  return typeof arg === 'object' && arg !== null && (arg as ExplorerNode).type === 'item'
    ? (arg as ExplorerNode & { type: 'item' })
    : undefined;
}

export function registerExplorer(
  context: vscode.ExtensionContext,
  controller: FqlController,
): ExplorerApi {
  const provider = new ExplorerProvider(context.secrets);
  const fsl = new FslDocuments();
  context.subscriptions.push(
    provider,
    fsl,
    vscode.window.createTreeView(VIEWS.explorer, { treeDataProvider: provider }),
    vscode.workspace.registerTextDocumentContentProvider(FSL_SCHEME, fsl),
    vscode.commands.registerCommand(COMMANDS.refreshExplorer, () => provider.refresh()),
    vscode.commands.registerCommand(COMMANDS.loadMoreItems, (arg?: unknown) => {
      const n = arg as ExplorerNode | undefined;
      if (n?.type === 'more') return provider.loadMore(n.path, n.kind);
      return undefined;
    }),
    vscode.commands.registerCommand(COMMANDS.openDefinition, async (arg?: unknown) => {
      const n = itemNode(arg);
      const text = n ? itemFsl(n.item) : null;
      if (!n || text === null) {
        void vscode.window.showInformationMessage(
          'Open Definition works on a collection, function, role or access provider in the Database view.',
        );
        return undefined;
      }
      const segments = [...n.path, `${n.item.kind}s`, `${n.item.name ?? 'unnamed'}.fsl`];
      const uri = vscode.Uri.from({
        scheme: FSL_SCHEME,
        path: '/' + segments.map(encodeURIComponent).join('/'),
      });
      fsl.set(uri, text);
      let doc = await vscode.workspace.openTextDocument(uri);
      if (doc.languageId !== 'fsl')
        doc = await vscode.languages.setTextDocumentLanguage(doc, 'fsl');
      await vscode.window.showTextDocument(doc, { preview: true });
      return doc;
    }),
    vscode.commands.registerCommand(COMMANDS.queryCollection, async (arg?: unknown) => {
      const n = itemNode(arg);
      if (!n || n.item.kind !== 'collection') {
        void vscode.window.showInformationMessage(
          'Query This Collection works on a collection in the Database view.',
        );
        return undefined;
      }
      await controller.reveal();
      const folder = pickFolder();
      // A collection in a child database runs there (the secret scoped to its path); Load
      // more of the result follows it, and so does the view's own Run (its database chip)
      // until the user clears it. A collection of the folder's own database clears it.
      controller.setViewDatabase(n.path, folder?.uri);
      return controller.run({
        query: collectionQuery(n.item.name),
        origin: 'file',
        ...(folder ? { uri: folder.uri } : {}),
        ...(n.path.length > 0 ? { database: n.path } : {}),
      });
    }),
  );
  return { provider, fsl };
}
