/**
 * fql`…` templates: the lens provider's scan (findFqlTemplates + templateQuery of each)
 * of the starter kit's app.ts and of a generated 5,000-line TypeScript file with a
 * template every 10 lines, against TypeScript's own parse (ts.createSourceFile) of the
 * same text, the work the editor does on every change of such a file anyway. No goal
 * is set by the issue; the ratio is recorded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { findFqlTemplates, templateQuery } from '../src/core/fql/templates';
import type { BenchModule } from './lib';
import { measurePair, ratio } from './lib';

function generate(lines: number): string {
  const out: string[] = ["import { Client, fql } from 'fauna';", 'const client = new Client();'];
  let i = 0;
  while (out.length < lines) {
    out.push(
      `// route ${i}: fql\`in a comment\``,
      `export async function route${i}(id: string, limit = ${i % 50}) {`,
      `  const re = /\\d+\`/g; const s = "fql\`not this\`" + \`\${id}-\${limit}\`;`,
      '  const r = await client.query(fql`',
      `    Product.byId(\${id})!.update({ n: \${limit + ${i}}, tag: \${\`t\${i}\`} })`,
      '  `);',
      '  return [r, re, s];',
      '}',
      '',
      '',
    );
    i++;
  }
  return out.join('\n') + '\n';
}

const scan = (t: string) => (): unknown => findFqlTemplates(t).map((x) => templateQuery(x).query);
const parse = (t: string) => (): unknown =>
  ts.createSourceFile('x.ts', t, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);

const bench: BenchModule = {
  title: 'fql templates in TS',
  async run() {
    const starter = fs.readFileSync(
      path.join(__dirname, '../test/vscode/workspaces/app/starter/src/app.ts'),
      'utf8',
    );
    const big = generate(5000);
    const found = findFqlTemplates(big).length;
    if (found !== 500) throw new Error(`expected 500 templates, found ${found}`);
    const [sScan, sParse] = await measurePair(
      { name: 'starter app.ts: findFqlTemplates + templateQuery', fn: scan(starter) },
      { name: 'starter app.ts: ts.createSourceFile', fn: parse(starter) },
      { warmup: 50, runs: 31, batch: 200 },
    );
    const [bScan, bParse] = await measurePair(
      { name: '5,000 lines, 500 templates: findFqlTemplates + templateQuery', fn: scan(big) },
      { name: '5,000 lines: ts.createSourceFile', fn: parse(big) },
      { warmup: 5, runs: 21, batch: 3 },
    );
    return {
      results: [sScan, sParse, bScan, bParse],
      ratios: [
        ratio('starter: scan / TypeScript parse', sScan, sParse),
        ratio('5,000 lines: scan / TypeScript parse', bScan, bParse),
      ],
      figures: { 'templates in the 5,000-line file': String(found) },
    };
  },
};
export default bench;
