/**
 * The .fsl grammar's tokenizing speed: a generated 5,000-line schema with the fsl grammar
 * vs 5,000 lines of FQL with the fql grammar, both with vscode-textmate + Oniguruma (the
 * engine VS Code uses), in the same run. Goal: ratio < 2.
 */
import type { IGrammar } from 'vscode-textmate';
import { INITIAL } from 'vscode-textmate';
import { textmateRegistry } from '../test/helpers/textmate';
import type { BenchModule } from './lib';
import { measurePair, ratio } from './lib';

const files: Record<string, string> = {
  'source.fsl': 'media/fsl/fsl.tmLanguage.json',
  'source.fql': 'media/fql/fql.tmLanguage.json',
};

export async function grammars(): Promise<[IGrammar, IGrammar]> {
  const registry = await textmateRegistry({ files });
  const fsl = await registry.loadGrammar('source.fsl');
  const fql = await registry.loadGrammar('source.fql');
  if (!fsl || !fql) throw new Error('grammar did not load');
  return [fsl, fql];
}

/** A generated schema of `lines` lines: every kind of item and member, 17 lines a round. */
export function schema(lines: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `@alias(Old${i})`,
      `collection Item${i} {`,
      `  name: String | Null = "item ${i}"`,
      `  count: Int = ${i}`,
      `  tags: Array<String>?`,
      `  compute label: String = (doc) => doc.name + "-" + doc.count.toString()`,
      `  index byName { terms [.name, mva(.tags)] values [desc(.count)] }`,
      `  unique [.name]`,
      `  check positive ((doc) => doc.count >= 0)`,
      `  history_days 3`,
      `  migrations {`,
      `    add .tags`,
      `    backfill .tags = []`,
      `  }`,
      `}`,
      `function find${i}(name: String): Any { Item${i}.byName(name).first() }`,
      `role reader${i} { privileges Item${i} { read; write { predicate ((o, n) => o.count == n.count) } } }`,
    );
  }
  return out.slice(0, lines);
}

function fqlLines(lines: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `let p = Product.byId("${i}")! // lookup`,
      `if (p.stock > ${i}) p.update({ stock: p.stock - 1, tags: ["a", "b"] }) else null`,
      `Product.where(.price < 1_000.5).map(x => { name: x.name, at: Time.now() })`,
      `"total: #{Math.abs(-${i})}"`,
    );
  }
  return out.slice(0, lines);
}

export function tokenizeAll(g: IGrammar, lines: string[]): number {
  let stack = INITIAL;
  let n = 0;
  for (const l of lines) {
    const r = g.tokenizeLine(l, stack);
    stack = r.ruleStack;
    n += r.tokens.length;
  }
  return n;
}

const bench: BenchModule = {
  title: 'FSL grammar tokenizing vs the FQL grammar',
  async run() {
    const [fsl, fql] = await grammars();
    const a = schema(5000);
    const b = fqlLines(5000);
    const [ra, rb] = await measurePair(
      { name: 'fsl grammar: 5,000-line schema', fn: () => tokenizeAll(fsl, a) },
      { name: 'fql grammar: 5,000 lines of FQL', fn: () => tokenizeAll(fql, b) },
      { runs: 15, warmup: 3 },
    );
    return {
      results: [ra, rb],
      ratios: [ratio('fsl / fql, 5,000 lines', ra, rb, 2)],
      figures: {
        'fsl tokens': String(tokenizeAll(fsl, a)),
        'fql tokens': String(tokenizeAll(fql, b)),
      },
    };
  },
};

export default bench;
