/**
 * The FQL query path against the bare `fauna` driver, on the same test server in the
 * same run: our runner (abortable HTTP/2 transport, core decoding, display model) vs
 * `client.query(fql([text]))` with the driver's own transport and decoding. Goal: median
 * ratio <= 1.10 for a small query and a 1,000-document page.
 *
 * Then the FQL view's render time in headless Chromium for 1,000, 10,000 and 100,000
 * rows (from the result message to a laid-out table), with the DOM row count.
 */
import { Client, ConsoleLogHandler, LOG_LEVELS, fql } from 'fauna';
import { tableOf } from '../src/core/fql/result';
import { FaunaRunner } from '../src/node/fauna/runner';
import { startFaunaServer } from '../test/fakes/fauna-server/server';
import { launch, openView } from '../test/webview/fql-harness';
import type { BenchModule, BenchResult, Ratio } from './lib';
import { median, measurePair, ratio } from './lib';

const SECRET = 'bench-secret';

const bench: BenchModule = {
  title: 'FQL query path and view rendering',
  async run() {
    const server = await startFaunaServer({ secrets: [SECRET], products: 1000 });
    const conn = { endpoint: server.url, secret: SECRET };
    const runner = new FaunaRunner();
    const bare = new Client({
      endpoint: new URL(server.url),
      secret: SECRET,
      logger: new ConsoleLogHandler(LOG_LEVELS.OFF),
    });
    const results: BenchResult[] = [];
    const ratios: Ratio[] = [];
    const figures: Record<string, string> = {};
    try {
      for (const [label, text, runs] of [
        ['small query (1 + 1)', '1 + 1', 201],
        ['1,000-document page', 'Product.all().pageSize(1000)', 41],
      ] as const) {
        const ours = async () => {
          const o = await runner.run(conn, { query: text });
          if (!o.ok) throw new Error(o.error.message);
          tableOf(o.result.data);
        };
        const theirs = async () => {
          await bare.query(fql([text]), { format: 'tagged' });
        };
        const [a, b] = await measurePair(
          { name: `ours: ${label}`, fn: ours },
          { name: `bare fauna driver: ${label}`, fn: theirs },
          { runs, warmup: 10 },
        );
        results.push(a, b);
        ratios.push(ratio(`ours / bare driver, ${label}`, a, b, 1.1));
      }
    } finally {
      runner.close();
      bare.close();
      await server.close();
    }

    const browser = await launch();
    try {
      const view = await openView(browser);
      await view.post({
        type: 'init',
        history: [],
        endpoint: null,
        typecheck: false,
        trusted: true,
      });
      let n = 0;
      for (const rows of [1_000, 10_000, 100_000]) {
        const total: number[] = [];
        const transfer: number[] = [];
        let domRows = 0;
        for (let i = 0; i < 7; i++) {
          await view.page.fill('#query', `Big.all() // ${++n}`);
          await view.page.press('#query', 'Control+Enter');
          const sent = await view.sent();
          const requestId = String(sent.filter((m) => m.type === 'run').pop()?.requestId);
          // The same message twice: once as a type the view ignores (the cost of moving
          // the data into the page alone), once as the result the view renders.
          for (const type of ['ignored', 'result']) {
            const r = await view.page.evaluate(
              ({ requestId, rows, type }) => {
                const data: unknown[] = [];
                for (let k = 0; k < rows; k++) {
                  data.push({
                    t: 'doc',
                    coll: 'Big',
                    id: String(k),
                    name: null,
                    ts: '2025-01-01T00:00:00Z',
                    fields: {
                      n: { t: 'int', v: k, text: String(k) },
                      label: `row ${k}`,
                      ok: k % 2 === 0,
                    },
                  });
                }
                return new Promise<{ ms: number; dom: number }>((resolve) => {
                  // Registered after the view's own listener, so it runs once the view is done.
                  const done = () => {
                    window.removeEventListener('message', done);
                    void document.body.offsetHeight; // force layout
                    resolve({
                      ms: performance.now() - t0,
                      dom: document.querySelectorAll('#table-view .tr').length,
                    });
                  };
                  window.addEventListener('message', done);
                  const t0 = performance.now();
                  window.postMessage(
                    {
                      type,
                      requestId,
                      append: false,
                      result: {
                        data: { t: 'page', data, after: null },
                        staticType: null,
                        summary: '',
                        txnTs: null,
                        stats: {},
                        after: null,
                      },
                    },
                    '*',
                  );
                });
              },
              { requestId, rows, type },
            );
            if (type === 'result') {
              total.push(r.ms);
              domRows = r.dom;
            } else transfer.push(r.ms);
          }
        }
        const label = rows.toLocaleString('en');
        results.push({
          name: `view: result message handled and laid out, ${label} rows`,
          medianMs: median(total),
          runs: total.length,
        });
        results.push({
          name: `view: the same message ignored (data transfer only), ${label} rows`,
          medianMs: median(transfer),
          runs: transfer.length,
        });
        figures[`view's own work (handled - transfer), ${label} rows`] =
          `${Math.max(0, median(total) - median(transfer)).toFixed(1)} ms`;
        figures[`view DOM rows for ${label} result rows`] = String(domRows);
      }
      await view.page.close();
    } finally {
      await browser.close();
    }
    const r1k = results.find(
      (r) => r.name.startsWith('view: result message handled') && r.name.endsWith(' 1,000 rows'),
    )!;
    const r100k = results.find(
      (r) => r.name.startsWith('view: result message handled') && r.name.endsWith(' 100,000 rows'),
    )!;
    ratios.push(ratio('view handled 100,000 / 1,000 rows (rows x100)', r100k, r1k));
    return {
      results,
      ratios,
      figures,
      notes: [
        'Handling time includes moving the message into the page (structured clone), which the ignored message measures alone; the view itself makes one pass over the rows for the table columns and draws a bounded number of DOM rows.',
      ],
    };
  },
};

export default bench;
