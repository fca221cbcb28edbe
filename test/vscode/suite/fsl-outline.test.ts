import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activeExtension, waitFor, workspaceRoot } from './helpers';

/** name (kind) line-line, children indented. */
function tree(symbols: vscode.DocumentSymbol[], pad = ''): string[] {
  return symbols.flatMap((s) => [
    `${pad}${s.name} (${vscode.SymbolKind[s.kind]}) ${s.range.start.line}-${s.range.end.line}`,
    ...tree(s.children, pad + '  '),
  ]);
}

export function fslOutlineTests(): void {
  suite('FSL outline', () => {
    test('outline/shop.fsl: items and members, annotations on their item, braces in strings and comments skipped', async () => {
      await activeExtension();
      const uri = vscode.Uri.joinPath(workspaceRoot(), 'outline', 'shop.fsl');
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      assert.equal(doc.languageId, 'fsl');
      const symbols = await waitFor('the FSL outline', async () => {
        const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
          'vscode.executeDocumentSymbolProvider',
          uri,
        );
        return s && s.length > 0 ? s : undefined;
      });
      assert.deepEqual(tree(symbols), [
        'Order (Class) 1-11',
        '  status (Field) 3-3',
        '  compute total (Property) 4-6',
        '  index byStatus (Key) 7-9',
        '  check positive (Boolean) 10-10',
        'shipOrder (Function) 13-17',
        'customer (Object) 19-22',
        '  privileges Order (Key) 20-20',
        '  membership Customer (Key) 21-21',
        'access provider auth0 (Interface) 24-28',
        '  issuer (String) 25-25',
        '  jwks_uri (String) 26-26',
        '  role customer (Key) 27-27',
      ]);
      const [order, ship] = symbols;
      assert.equal(order.detail, '@alias(Orders)');
      assert.equal(order.children[0].detail, '"cart" | "shipped"');
      assert.equal(ship.detail, '(id: ID): Order @role(server)');
      // The selection is the name, so breadcrumbs and Go to Symbol land on it.
      assert.equal(doc.getText(ship.selectionRange), 'shipOrder');
      assert.equal(doc.getText(order.children[2].selectionRange), 'byStatus');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
  });
}
