// The .fql TextMate grammar, run by the same engine VS Code uses (vscode-textmate with
// the Oniguruma regex library), and the language contribution it belongs to.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IGrammar } from 'vscode-textmate';
import { INITIAL } from 'vscode-textmate';
import { textmateRegistry } from '../../helpers/textmate';

const repo = path.resolve(__dirname, '../../..');

async function loadGrammar(): Promise<IGrammar> {
  const registry = await textmateRegistry({
    files: { 'source.fql': 'media/fql/fql.tmLanguage.json' },
  });
  const g = await registry.loadGrammar('source.fql');
  if (!g) throw new Error('grammar did not load');
  return g;
}

/** Each token's text and its innermost scope, over all lines. */
function scopes(g: IGrammar, text: string): Array<[string, string]> {
  let stack = INITIAL;
  const out: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    const r = g.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const s = line.slice(t.startIndex, t.endIndex);
      if (s.trim() !== '') out.push([s, t.scopes[t.scopes.length - 1]]);
    }
    stack = r.ruleStack;
  }
  return out;
}

const scopeOf = (toks: Array<[string, string]>, text: string) =>
  toks.find(([s]) => s.trim() === text)?.[1];

describe('FQL TextMate grammar (vscode-textmate + oniguruma)', () => {
  let g: IGrammar;
  before(async () => {
    g = await loadGrammar();
  });

  it('scopes keywords, modules, user collections, functions, numbers and constants', () => {
    const t = scopes(
      g,
      'let p = Product.byId("1")!\nif (p != null) Math.abs(-0x1F) else 1_000.5e3',
    );
    assert.equal(scopeOf(t, 'let'), 'storage.type.let.fql');
    assert.equal(scopeOf(t, 'Product'), 'entity.name.type.fql');
    assert.equal(scopeOf(t, 'byId'), 'entity.name.function.fql');
    assert.equal(scopeOf(t, 'if'), 'keyword.control.conditional.fql');
    assert.equal(scopeOf(t, 'null'), 'constant.language.null.fql');
    assert.equal(scopeOf(t, 'Math'), 'support.class.module.fql');
    assert.equal(scopeOf(t, '0x1F'), 'constant.numeric.hex.fql');
    assert.equal(scopeOf(t, '1_000.5e3'), 'constant.numeric.float.fql');
  });

  it('nests block comments and ends line comments at the line end', () => {
    const t = scopes(g, '/* a /* b */ still comment */ Time.now() // tail');
    assert.ok(
      t
        .filter(([s]) => s.includes('still comment'))
        .every(([, sc]) => sc.startsWith('comment.block')),
    );
    assert.equal(scopeOf(t, 'Time'), 'support.class.module.fql');
    assert.equal(scopeOf(t, '// tail'), 'comment.line.double-slash.fql');
  });

  it('interpolates #{} in double quotes only', () => {
    const dq = scopes(g, '"Hi #{user.name}!"');
    assert.equal(scopeOf(dq, '#{'), 'punctuation.section.interpolation.begin.fql');
    assert.equal(scopeOf(dq, 'user'), 'variable.other.fql');
    const sq = scopes(g, "'Hi #{user}'");
    assert.ok(
      sq.every(
        ([, sc]) =>
          sc.startsWith('string.quoted.single') || sc.startsWith('punctuation.definition.string'),
      ),
    );
  });

  it('keeps heredocs as strings until the closing identifier', () => {
    const t = scopes(g, 'let s = <<-END\n  Product.all() "x"\nEND\nTime.now()');
    assert.equal(scopeOf(t, 'Product.all() "x"'), 'string.unquoted.heredoc.raw.fql');
    assert.equal(scopeOf(t, 'Time'), 'support.class.module.fql');
  });

  it('is the grammar and language configuration package.json contributes', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
    const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'fql');
    assert.deepEqual(lang.extensions, ['.fql']);
    const conf = JSON.parse(fs.readFileSync(path.join(repo, lang.configuration), 'utf8'));
    assert.deepEqual(conf.comments, { lineComment: '//', blockComment: ['/*', '*/'] });
    const grammar = pkg.contributes.grammars.find(
      (x: { language: string }) => x.language === 'fql',
    );
    assert.equal(grammar.scopeName, 'source.fql');
    assert.ok(fs.existsSync(path.join(repo, grammar.path)));
    const keys = pkg.contributes.keybindings.filter(
      (k: { command: string }) => k.command === 'flyFauna.runFql',
    );
    assert.ok(
      keys.some(
        (k: { key: string; mac: string; when: string }) =>
          k.key === 'ctrl+enter' && k.mac === 'cmd+enter' && /editorLangId == fql/.test(k.when),
      ),
    );
    assert.ok(
      pkg.contributes.views.flyFauna.some(
        (v: { id: string; type: string }) => v.id === 'flyFauna.fql' && v.type === 'webview',
      ),
    );
  });
});
