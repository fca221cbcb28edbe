// The .fsl TextMate grammar (which embeds the .fql grammar for FQL bodies), run by the
// same engine VS Code uses (vscode-textmate with the Oniguruma regex library), over
// snippets and over real schema files from the Fauna core's tests (test/fixtures/fsl).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IGrammar, StateStack } from 'vscode-textmate';
import { INITIAL } from 'vscode-textmate';
import { textmateRegistry } from '../../helpers/textmate';

const repo = path.resolve(__dirname, '../../..');
const grammarFiles: Record<string, string> = {
  'source.fsl': 'media/fsl/fsl.tmLanguage.json',
  'source.fql': 'media/fql/fql.tmLanguage.json',
};

async function loadGrammar(): Promise<IGrammar> {
  const registry = await textmateRegistry({ files: grammarFiles });
  const g = await registry.loadGrammar('source.fsl');
  if (!g) throw new Error('grammar did not load');
  return g;
}

interface Tok {
  text: string;
  scopes: string[];
  line: number;
}

/** Every non-blank token with its scopes, and the rule stack after each line. */
function tokenize(g: IGrammar, text: string): { toks: Tok[]; stacks: StateStack[] } {
  let stack: StateStack = INITIAL;
  const toks: Tok[] = [];
  const stacks: StateStack[] = [];
  text.split('\n').forEach((line, i) => {
    const r = g.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const s = line.slice(t.startIndex, t.endIndex);
      if (s.trim() !== '') toks.push({ text: s, scopes: t.scopes, line: i });
    }
    stack = r.ruleStack;
    stacks.push(stack);
  });
  return { toks, stacks };
}

/** At the top level a new item's keyword has only the file scope above it. */
function atTop(g: IGrammar, stack: StateStack): boolean {
  const t = g.tokenizeLine('collection Z', stack).tokens[0];
  return t.scopes.join(' ') === 'source.fsl keyword.declaration.collection.fsl';
}

const inner = (t: Tok) => t.scopes[t.scopes.length - 1];
function scopeOf(toks: Tok[], text: string, nth = 0): string | undefined {
  const hit = toks.filter((t) => t.text.trim() === text)[nth];
  return hit && inner(hit);
}

describe('FSL TextMate grammar (vscode-textmate + oniguruma)', () => {
  let g: IGrammar;
  before(async () => {
    g = await loadGrammar();
  });

  it('scopes item keywords and names, annotations, field names, types and defaults', () => {
    const { toks } = tokenize(
      g,
      '@alias(Bar)\ncollection Foo {\n  name: String | Number = "x"\n  tags: Array<String>?\n  n: Int = 1\n}',
    );
    assert.equal(scopeOf(toks, '@'), 'punctuation.definition.annotation.fsl');
    assert.equal(scopeOf(toks, 'alias'), 'storage.modifier.annotation.fsl');
    assert.equal(scopeOf(toks, 'Bar'), 'entity.name.type.fsl');
    assert.equal(scopeOf(toks, 'collection'), 'keyword.declaration.collection.fsl');
    assert.equal(scopeOf(toks, 'Foo'), 'entity.name.type.fsl');
    assert.equal(scopeOf(toks, 'name'), 'variable.other.property.fsl');
    assert.equal(scopeOf(toks, 'String'), 'support.type.builtin.fsl');
    assert.equal(scopeOf(toks, 'Number'), 'support.type.builtin.fsl');
    assert.equal(scopeOf(toks, '='), 'keyword.operator.assignment.fsl');
    assert.ok(scopeOf(toks, 'x')?.startsWith('string.quoted.double'));
    assert.ok(scopeOf(toks, '1')?.startsWith('constant.numeric'));
  });

  it('scopes indexes, unique, checks, computed fields and settings; FQL inside', () => {
    const { toks } = tokenize(
      g,
      [
        'collection Foo {',
        '  index byBar {',
        '    terms [.bar, mva(.baz)]',
        '    values [desc(.buz)]',
        '  }',
        '  unique [.bar]',
        '  compute total: Number = (doc) => Math.abs(doc.n)',
        '  check positive ((doc) => { let x = doc.n; x > 0 })',
        '  history_days 32',
        '  ttl_days 3',
        '  document_ttls true',
        '}',
      ].join('\n'),
    );
    assert.equal(scopeOf(toks, 'index'), 'keyword.other.index.fsl');
    assert.equal(scopeOf(toks, 'byBar'), 'entity.name.function.index.fsl');
    assert.equal(scopeOf(toks, 'terms'), 'keyword.other.terms.fsl');
    assert.equal(scopeOf(toks, 'values'), 'keyword.other.values.fsl');
    assert.equal(scopeOf(toks, 'mva'), 'support.function.fsl');
    assert.equal(scopeOf(toks, 'baz'), 'variable.other.property.fsl');
    assert.equal(scopeOf(toks, 'unique'), 'keyword.other.unique.fsl');
    assert.equal(scopeOf(toks, 'compute'), 'storage.modifier.compute.fsl');
    assert.equal(scopeOf(toks, 'total'), 'variable.other.property.fsl');
    assert.equal(scopeOf(toks, 'Math'), 'support.class.module.fql');
    assert.equal(scopeOf(toks, 'check'), 'keyword.other.check.fsl');
    assert.equal(scopeOf(toks, 'positive'), 'entity.name.function.check.fsl');
    assert.equal(scopeOf(toks, 'let'), 'storage.type.let.fql');
    assert.equal(scopeOf(toks, 'history_days'), 'keyword.other.history_days.fsl');
    assert.equal(scopeOf(toks, '32'), 'constant.numeric.integer.fsl');
    assert.equal(scopeOf(toks, 'document_ttls'), 'keyword.other.document_ttls.fsl');
    assert.equal(scopeOf(toks, 'true'), 'constant.language.boolean.fsl');
    // The closing brace of the item is the item's, not FQL's.
    assert.equal(scopeOf(toks, '}', 2), 'punctuation.section.block.end.fsl');
  });

  it('scopes functions (params, return type, FQL body with nested braces)', () => {
    const { toks, stacks } = tokenize(
      g,
      '@role(server)\nfunction inventory(name: String, n: Int): Array<Any> {\n  let o = { a: { b: 1 } }\n  Product.byName(name)\n}',
    );
    assert.equal(scopeOf(toks, 'role'), 'storage.modifier.annotation.fsl');
    assert.equal(scopeOf(toks, 'function'), 'keyword.declaration.function.fsl');
    assert.equal(scopeOf(toks, 'inventory'), 'entity.name.function.fsl');
    assert.equal(scopeOf(toks, 'name'), 'variable.parameter.fsl');
    assert.equal(scopeOf(toks, 'Int'), 'support.type.builtin.fsl');
    assert.equal(scopeOf(toks, 'let'), 'storage.type.let.fql');
    assert.equal(scopeOf(toks, 'Product'), 'entity.name.type.fql');
    assert.ok(atTop(g, stacks[stacks.length - 1]));
  });

  it('scopes roles, privileges, membership and access providers', () => {
    const { toks, stacks } = tokenize(
      g,
      [
        'role customer {',
        '  privileges Product {',
        '    read; create_with_id',
        '    write { predicate ((old, new) => old.owner == Query.identity()) }',
        '  }',
        '  membership Customer { predicate ((doc) => doc.active) }',
        '}',
        'access provider auth0 {',
        '  issuer "https://example.auth0.com/"',
        '  jwks_uri "https://example.auth0.com/.well-known/jwks.json"',
        '  role customer',
        '}',
      ].join('\n'),
    );
    assert.equal(scopeOf(toks, 'role'), 'keyword.declaration.role.fsl');
    assert.equal(scopeOf(toks, 'privileges'), 'keyword.other.privileges.fsl');
    assert.equal(scopeOf(toks, 'Product'), 'entity.name.type.fsl');
    assert.equal(scopeOf(toks, 'read'), 'keyword.other.action.read.fsl');
    assert.equal(scopeOf(toks, 'create_with_id'), 'keyword.other.action.create_with_id.fsl');
    assert.equal(scopeOf(toks, 'predicate'), 'keyword.other.predicate.fsl');
    assert.equal(scopeOf(toks, 'Query'), 'support.class.module.fql');
    assert.equal(scopeOf(toks, 'membership'), 'keyword.other.membership.fsl');
    assert.equal(scopeOf(toks, 'access'), 'keyword.declaration.access.fsl');
    assert.equal(scopeOf(toks, 'provider'), 'keyword.declaration.provider.fsl');
    assert.equal(scopeOf(toks, 'issuer'), 'keyword.other.issuer.fsl');
    assert.equal(scopeOf(toks, 'jwks_uri'), 'keyword.other.jwks_uri.fsl');
    assert.equal(scopeOf(toks, 'role', 1), 'keyword.other.role.fsl');
    assert.ok(atTop(g, stacks[6]));
    assert.ok(atTop(g, stacks[stacks.length - 1]));
  });

  it('scopes line and (nested) block comments', () => {
    const { toks } = tokenize(g, '// top\n/* a /* b */ c */\ncollection X { // member\n}');
    assert.equal(scopeOf(toks, '// top'), 'comment.line.double-slash.fsl');
    assert.ok(
      toks.filter((t) => t.text.includes(' c ')).every((t) => inner(t).startsWith('comment.block')),
    );
    assert.equal(scopeOf(toks, '// member'), 'comment.line.double-slash.fsl');
    assert.equal(scopeOf(toks, 'collection'), 'keyword.declaration.collection.fsl');
  });

  for (const file of fs.readdirSync(path.join(repo, 'test/fixtures/fsl')).sort()) {
    it(`tokenizes the real schema ${file} and returns to the top level after each item`, () => {
      const text = fs.readFileSync(path.join(repo, 'test/fixtures/fsl', file), 'utf8');
      const lines = text.split('\n');
      const { toks, stacks } = tokenize(g, text);
      // Every line that closes an item (a `}` in column 0) leaves the top level.
      const closers = lines.map((l, i) => (l.startsWith('}') ? i : -1)).filter((i) => i >= 0);
      assert.ok(closers.length > 0);
      for (const i of closers) assert.ok(atTop(g, stacks[i]), `line ${i + 1}: ${lines[i]}`);
      // Migration verbs, field names and types get their scopes.
      for (const t of toks) {
        if (/^(collection|role)$/.test(t.text) && t.scopes.length === 2)
          assert.match(inner(t), /^keyword\.declaration\./);
        if (/^(add|drop|move|split|backfill|move_conflicts|move_wildcard)$/.test(t.text))
          assert.match(inner(t), /^keyword\.other\.migration\./, `line ${t.line + 1}`);
        if (/^(String|Number|Boolean|Int|Any)$/.test(t.text))
          assert.equal(inner(t), 'support.type.builtin.fsl', `line ${t.line + 1}`);
      }
      assert.ok(toks.some((t) => t.text === 'collection'));
    });
  }

  it('is the grammar and language configuration package.json contributes', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
    const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'fsl');
    assert.deepEqual(lang.extensions, ['.fsl']);
    assert.ok(lang.aliases.includes('FSL'));
    const conf = JSON.parse(fs.readFileSync(path.join(repo, lang.configuration), 'utf8'));
    assert.deepEqual(conf.comments, { lineComment: '//', blockComment: ['/*', '*/'] });
    assert.ok(conf.brackets.some((b: string[]) => b[0] === '{' && b[1] === '}'));
    assert.ok(conf.folding.markers.start);
    const grammar = pkg.contributes.grammars.find(
      (x: { language: string }) => x.language === 'fsl',
    );
    assert.equal(grammar.scopeName, 'source.fsl');
    assert.ok(fs.existsSync(path.join(repo, grammar.path)));
  });
});
