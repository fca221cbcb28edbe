/**
 * The .fsl Outline's cost. VS Code asks the DocumentSymbolProvider (src/extension/fsl/outline.ts)
 * again after every edit, for the Outline view and the breadcrumbs, so `fslOutline` must stay
 * well under what the editor already spends on the text. Measured on bench/fsl.bench.ts's
 * generated 5,000-line schema, against, in the same run and interleaved:
 * - the FSL grammar's tokenization of the same lines (vscode-textmate + Oniguruma, the engine
 *   VS Code colours the file with). Goal: outline / tokenize <= 0.5.
 * - a plain pass any outline needs: `new LineIndex(text)` plus `text.split('\n')` (no goal:
 *   the floor, recorded to show how many plain passes the outline costs).
 * and a 500-line file (a large real schema) for what a real file costs, with a scaling goal
 * (one 5,000-line outline <= 20x a 500-line one: linear is 10x, a quadratic scan ~100x;
 * 20 leaves room for the GC and LineIndex's log n, measured 6.8 to 12 under load), and the same schema
 * with an unclosed `{` at the top (the state while typing a new item above the others).
 *
 * The outline is measured as the extension ships it: src/core is bundled here with esbuild's
 * options for dist/extension.js and loaded with node:vm. Loaded through tsx instead, every
 * nested function pays tsx's `keepNames` wrapper (`__name`), which dist/extension.js has not:
 * that made the same call ~1.5x slower and would measure the loader, not the code.
 */
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type * as Outline from '../src/core/fauna/fsl-outline';
import type * as Position from '../src/core/flytoml/position';
import { grammars, schema, tokenizeAll } from './fsl.bench';
import type { BenchModule, BenchResult } from './lib';
import { measurePair, ratio } from './lib';

type Shipped = Pick<typeof Outline, 'fslOutline'> & Pick<typeof Position, 'LineIndex'>;

/** fslOutline and LineIndex, bundled as esbuild.js bundles dist/extension.js (no minify). */
export function shippedOutline(): Shipped {
  const root = path.join(__dirname, '..');
  const out = esbuild.buildSync({
    stdin: {
      contents: [
        `export { fslOutline } from './src/core/fauna/fsl-outline';`,
        `export { LineIndex } from './src/core/flytoml/position';`,
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].text;
  const mod = { exports: {} as Shipped };
  const wrapper = vm.runInThisContext(`(function (module, exports) {${code}\n})`, {
    filename: 'fsl-outline.bundle.js',
  }) as (m: typeof mod, e: Shipped) => void;
  wrapper(mod, mod.exports);
  return mod.exports;
}

/** Items and members in an outline (all levels). */
function count(items: ReturnType<typeof Outline.fslOutline>): number {
  return items.reduce((n, it) => n + 1 + count(it.children), 0);
}

const bench: BenchModule = {
  title: 'FSL Outline (fslOutline) vs the FSL grammar and a plain pass',
  async run() {
    const { fslOutline, LineIndex } = shippedOutline();
    const [fsl] = await grammars();
    const lines5k = schema(5000);
    const text5k = lines5k.join('\n');
    const text500 = schema(500).join('\n');
    // Typing `collection New {` above the rest: every later item is inside the unclosed block.
    const typing = `collection New {\n${text5k}`;

    const [outline5k, tokenize5k] = await measurePair(
      { name: '5,000-line schema: fslOutline', fn: () => fslOutline(text5k) },
      { name: '5,000-line schema: fsl grammar tokenize', fn: () => tokenizeAll(fsl, lines5k) },
      { warmup: 3, runs: 15 },
    );
    const [outline5kB, plain5k] = await measurePair(
      { name: '5,000-line schema: fslOutline (with the plain pass)', fn: () => fslOutline(text5k) },
      {
        name: '5,000-line schema: new LineIndex + split',
        fn: () => {
          new LineIndex(text5k);
          return text5k.split('\n');
        },
      },
      { warmup: 3, runs: 21, batch: 2 },
    );
    const [scale5k, scale500x10] = await measurePair(
      { name: 'scaling: one 5,000-line fslOutline', fn: () => fslOutline(text5k) },
      {
        name: 'scaling: ten 500-line fslOutline',
        fn: () => {
          for (let i = 0; i < 10; i++) fslOutline(text500);
        },
      },
      { warmup: 3, runs: 21 },
    );
    const per500: BenchResult = {
      name: '500-line schema: fslOutline (a tenth of ten)',
      medianMs: scale500x10.medianMs / 10,
      runs: scale500x10.runs,
    };
    const [typing5k, outline5kC] = await measurePair(
      { name: 'unclosed `{` above a 5,000-line schema: fslOutline', fn: () => fslOutline(typing) },
      {
        name: '5,000-line schema: fslOutline (with the unclosed case)',
        fn: () => fslOutline(text5k),
      },
      { warmup: 3, runs: 15 },
    );
    return {
      results: [
        outline5k,
        tokenize5k,
        outline5kB,
        plain5k,
        scale5k,
        scale500x10,
        per500,
        typing5k,
        outline5kC,
      ],
      ratios: [
        ratio('fslOutline / fsl grammar tokenize, 5,000 lines', outline5k, tokenize5k, 0.5),
        ratio('fslOutline / (LineIndex + split), 5,000 lines', outline5kB, plain5k),
        ratio('fslOutline 5,000 lines / 500 lines (interleaved)', scale5k, per500, 20),
        ratio(
          'fslOutline unclosed `{` at the top / well-formed, 5,000 lines',
          typing5k,
          outline5kC,
        ),
      ],
      notes: [
        `what an edit costs: the Outline of a 500-line schema takes ${per500.medianMs.toFixed(2)} ms, ` +
          `of a 5,000-line one ${outline5k.medianMs.toFixed(1)} ms, while the grammar takes ` +
          `${tokenize5k.medianMs.toFixed(0)} ms to tokenize those 5,000 lines`,
        'the 5,000 / 500 ratio swings around 10 with the load (6.8 to 12 seen): the larger ' +
          "file's tokens live long enough to be copied by the young-generation GC, and each " +
          'range is a binary search in LineIndex (log n); a quadratic scan would show as ~100',
      ],
      figures: {
        '5,000-line schema': `${text5k.length} chars; ${count(fslOutline(text5k))} outline items`,
        '500-line schema': `${text500.length} chars; ${count(fslOutline(text500))} outline items`,
      },
    };
  },
};

export default bench;
