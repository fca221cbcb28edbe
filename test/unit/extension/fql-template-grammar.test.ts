// The fql`...` injection grammar, run with VS Code's own JavaScript and TypeScript
// grammars (from the VS Code host under .cache/vscode-host) by the same engine VS Code
// uses (vscode-textmate + Oniguruma), injected the way package.json contributes it.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IGrammar } from 'vscode-textmate';
import type { Registry } from 'vscode-textmate';
import { INITIAL } from 'vscode-textmate';
import { textmateRegistry } from '../../helpers/textmate';

const repo = path.resolve(__dirname, '../../..');
const ext = path.join(repo, '.cache/vscode-host/node_modules/code-server/lib/vscode/extensions');

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}
const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
  contributes: { grammars: GrammarContribution[] };
};
const ours = pkg.contributes.grammars;
const files: Record<string, string> = {
  'source.ts': path.join(ext, 'typescript-basics/syntaxes/TypeScript.tmLanguage.json'),
  'source.tsx': path.join(ext, 'typescript-basics/syntaxes/TypeScriptReact.tmLanguage.json'),
  'source.js': path.join(ext, 'javascript/syntaxes/JavaScript.tmLanguage.json'),
  'source.js.jsx': path.join(ext, 'javascript/syntaxes/JavaScriptReact.tmLanguage.json'),
};
for (const g of ours) files[g.scopeName] = path.join(repo, g.path);

function registry(): Promise<Registry> {
  return textmateRegistry({
    files,
    injections: (scope: string) =>
      ours.filter((g) => g.injectTo?.includes(scope)).map((g) => g.scopeName),
  });
}

/** Each non-blank token's text and its full scope list, over all lines. */
function tokens(g: IGrammar, text: string): Array<[string, string[]]> {
  let stack = INITIAL;
  const out: Array<[string, string[]]> = [];
  for (const line of text.split('\n')) {
    const r = g.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const s = line.slice(t.startIndex, t.endIndex);
      if (s.trim() !== '') out.push([s.trim(), t.scopes]);
    }
    stack = r.ruleStack;
  }
  return out;
}
const scopesOf = (toks: Array<[string, string[]]>, text: string, nth = 0) =>
  toks.filter(([s]) => s === text)[nth]?.[1] ?? [];
const innermost = (toks: Array<[string, string[]]>, text: string, nth = 0) =>
  scopesOf(toks, text, nth).at(-1);

const hostsPresent = fs.existsSync(files['source.ts']);

const HOST_SUFFIX: Record<string, string> = {
  'source.ts': 'ts',
  'source.tsx': 'tsx',
  'source.js': 'js',
  'source.js.jsx': 'js.jsx',
};

describe('fql`…` injection grammars: one per host, the same rules', () => {
  it('differ only in the host scope', () => {
    const norm = (g: GrammarContribution) => {
      const host = g.injectTo![0];
      const text = fs.readFileSync(path.join(repo, g.path), 'utf8');
      return text
        .split(host)
        .join('HOST')
        .replace(/inline\.fql-template\.\w+/g, 'SELF');
    };
    const injected = ours.filter((g) => g.injectTo);
    assert.deepEqual(
      injected.map((g) => g.injectTo),
      [['source.ts'], ['source.tsx'], ['source.js'], ['source.js.jsx']],
    );
    for (const g of injected) assert.equal(norm(g), norm(injected[0]), g.path);
  });
});

(hostsPresent ? describe : describe.skip)('fql`…` injection grammar in JS and TS', () => {
  let reg: Registry;
  before(async () => {
    reg = await registry();
  });

  for (const host of Object.keys(HOST_SUFFIX)) {
    it(`${host}: the body is FQL, \${} is the host language, the code after is the host again`, async () => {
      const g = (await reg.loadGrammar(host))!;
      const sfx = HOST_SUFFIX[host];
      const t = tokens(
        g,
        'const r = await client.query(fql`\n  Product.byId(${ids[0]}).update({ n: ${count + 1} })\n`);\nlet after = 1;',
      );
      assert.equal(innermost(t, 'fql'), 'entity.name.function.tagged-template.fql-template');
      assert.equal(innermost(t, 'Product'), 'entity.name.type.fql');
      assert.equal(innermost(t, 'byId'), 'entity.name.function.fql');
      assert.ok(scopesOf(t, 'Product').includes('meta.embedded.block.fql'));
      // Inside ${}: the host's own scopes (a variable, an operator, a number), not FQL's.
      assert.ok(scopesOf(t, 'ids').includes(`meta.template.expression.${sfx}`));
      assert.equal(innermost(t, 'ids'), `variable.other.readwrite.${sfx}`);
      assert.equal(innermost(t, 'count'), `variable.other.readwrite.${sfx}`);
      assert.equal(innermost(t, '+'), `keyword.operator.arithmetic.${sfx}`);
      // After the closing backtick: the host again.
      assert.equal(innermost(t, 'after'), `variable.other.readwrite.${sfx}`);
      assert.ok(!scopesOf(t, 'after').includes('meta.embedded.block.fql'));
    });
  }

  it('nested backticks inside ${} and escaped backticks in the body', async () => {
    const g = (await reg.loadGrammar('source.ts'))!;
    const t = tokens(
      g,
      'const q = fql`Product.where(.name == ${`a${x}b`}) \\` Time.now()`; const z = 2;',
    );
    assert.ok(scopesOf(t, 'x').includes('meta.template.expression.ts'));
    assert.ok(scopesOf(t, 'x').includes('string.template.ts'), 'the inner template is the host’s');
    assert.equal(innermost(t, '\\`'), 'constant.character.escape.fql-template');
    // After the escaped backtick the body is still FQL; after the real one, the host.
    assert.equal(innermost(t, 'Time'), 'support.class.module.fql');
    assert.equal(innermost(t, 'z'), 'variable.other.constant.ts');
  });

  it('not in comments or strings, and not for other tags or members', async () => {
    const g = (await reg.loadGrammar('source.ts'))!;
    const t = tokens(
      g,
      '// fql`Product.all()`\nconst s = "fql`Time`"; const u = sql`Date`; db.fql`Math`;',
    );
    for (const [s, sc] of t)
      assert.ok(!sc.includes('meta.embedded.block.fql'), `${s}: ${sc.join(' ')}`);
  });

  it("the starter kit's app.ts: its query is FQL", async () => {
    const g = (await reg.loadGrammar('source.ts'))!;
    const file = path.join(repo, 'test/vscode/workspaces/app/starter/src/app.ts');
    const t = tokens(g, fs.readFileSync(file, 'utf8'));
    assert.ok(scopesOf(t, 'all').includes('meta.embedded.block.fql'));
    assert.equal(innermost(t, 'orderProducts'), 'variable.other.fql');
    assert.equal(innermost(t, 'unknown'), 'string.quoted.double.ts');
  });
});
