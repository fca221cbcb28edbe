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

/**
 * The symbols whose ranges hold `pos`, outermost first: what the breadcrumbs show there
 * (VS Code's OutlineModel picks the innermost symbol containing the position, and the
 * breadcrumbs list it with its parents).
 */
function pathAt(symbols: vscode.DocumentSymbol[], pos: vscode.Position): string[] {
  const s = symbols.find((x) => x.range.contains(pos));
  return s ? [s.name, ...pathAt(s.children, pos)] : [];
}

async function open(name: string): Promise<[vscode.TextDocument, vscode.DocumentSymbol[]]> {
  await activeExtension();
  const uri = vscode.Uri.joinPath(workspaceRoot(), 'outline', name);
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
  return [doc, symbols];
}

/** The position just after the first `text` in the document (after `after`, if given). */
function after(doc: vscode.TextDocument, text: string, from = ''): vscode.Position {
  const all = doc.getText();
  const at = all.indexOf(text, from === '' ? 0 : all.indexOf(from));
  assert.ok(at >= 0, text);
  return doc.positionAt(at + text.length);
}

export function fslOutlineTests(): void {
  suite('FSL outline', () => {
    test('outline/shop.fsl: items and members, annotations on their item, braces in strings and comments skipped', async () => {
      const [doc, symbols] = await open('shop.fsl');
      assert.deepEqual(tree(symbols), [
        'Order (Class) 1-11',
        '  status (Field) 3-3',
        '  compute total (Property) 4-6',
        '  index byStatus (Struct) 7-9',
        '    terms (Array) 8-8',
        '  check positive (Boolean) 10-10',
        'shipOrder (Function) 13-17',
        'customer (Object) 19-22',
        '  privileges Order (Interface) 20-20',
        '    read (Method) 20-20',
        '  membership Customer (Enum) 21-21',
        'access provider auth0 (Interface) 24-28',
        '  issuer (String) 25-25',
        '  jwks_uri (String) 26-26',
        '  role customer (Object) 27-27',
      ]);
      const [order, ship] = symbols;
      assert.equal(order.detail, '@alias(Orders)');
      assert.equal(order.children[0].detail, '"cart" | "shipped"');
      assert.equal(ship.detail, '(id: ID): Order @role(server)');
      assert.equal(order.children[2].children[0].detail, '[.status]');
      // The selection is the name, so breadcrumbs and Go to Symbol land on it.
      assert.equal(doc.getText(ship.selectionRange), 'shipOrder');
      assert.equal(doc.getText(order.children[2].selectionRange), 'byStatus');
      assert.equal(doc.getText(order.children[2].children[0].selectionRange), 'terms');
      // Inside the index's terms: the breadcrumbs' path.
      assert.deepEqual(pathAt(symbols, after(doc, 'terms [.sta')), [
        'Order',
        'index byStatus',
        'terms',
      ]);
      // Between members: only the collection.
      assert.deepEqual(pathAt(symbols, new vscode.Position(7, 0)), ['Order']);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    test('outline/members.fsl: index lists, migration steps, actions and predicates as children', async () => {
      const [doc, symbols] = await open('members.fsl');
      assert.deepEqual(tree(symbols), [
        'Product (Class) 1-14',
        '  name (Field) 2-2',
        '  price (Field) 3-3',
        '  index byName (Struct) 4-7',
        '    terms (Array) 5-5',
        '    values (Array) 6-6',
        '  migrations (Event) 8-13',
        '    add (Operator) 9-9',
        '    backfill (Operator) 10-10',
        '    split (Operator) 11-11',
        '    drop (Operator) 12-12',
        'clerk (Object) 16-24',
        '  privileges Product (Interface) 17-22',
        '    read (Method) 18-18',
        '    write (Method) 19-21',
        '      predicate (Boolean) 20-20',
        '  membership Clerk (Enum) 23-23',
        '    predicate (Boolean) 23-23',
      ]);
      const [product, clerk] = symbols;
      const details = (s: vscode.DocumentSymbol[]) => s.map((x) => `${x.name}: ${x.detail}`);
      assert.deepEqual(details(product.children[2].children), [
        'terms: [.name]',
        'values: [desc(.price), .name]',
      ]);
      assert.deepEqual(details(product.children[3].children), [
        'add: .price',
        'backfill: .price = 0',
        'split: .cost -> .price, .tax',
        'drop: .tax',
      ]);
      const [privileges, membership] = clerk.children;
      assert.deepEqual(details(privileges.children), ['read: ', 'write: predicate']);
      assert.deepEqual(details(privileges.children[1].children), [
        'predicate: ((old, new) => old.price == new.price)',
      ]);
      assert.equal(membership.detail, 'predicate');
      assert.equal(doc.getText(membership.children[0].selectionRange), 'predicate');
      assert.deepEqual(pathAt(symbols, after(doc, 'old.price', 'predicate')), [
        'clerk',
        'privileges Product',
        'write',
        'predicate',
      ]);
      assert.deepEqual(pathAt(symbols, after(doc, 'split .co')), [
        'Product',
        'migrations',
        'split',
      ]);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    test('outline/shop.fsl: folding ranges for the collection body, the index block, a multi-line computed field, the function', async () => {
      const [doc] = await open('shop.fsl');
      const ranges = await waitFor('folding ranges', async () => {
        const r = await vscode.commands.executeCommand<vscode.FoldingRange[] | undefined>(
          'vscode.executeFoldingRangeProvider',
          doc.uri,
        );
        return r && r.length > 0 ? r : undefined;
      });
      const lines = ranges.map((r) => `${r.start}-${r.end}`);
      // From the line that opens a block to the last line before its closing brace, so the
      // folded line still shows the `}` (the editor's indentation folding, as for FQL).
      const line = (text: string) => after(doc, text).line;
      for (const [what, start, end] of [
        ['collection Order', line('collection Order'), line('check positive')],
        ['compute total', line('compute total'), line('o.items.reduce')],
        ['index byStatus', line('index byStatus'), line('terms [')],
        ['function shipOrder', line('function shipOrder'), line('o.update(')],
      ] as const) {
        assert.ok(
          lines.includes(`${start}-${end}`),
          `${what}: ${start}-${end} in ${lines.join(' ')}`,
        );
      }
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
  });
}
