import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import type { ViewPage } from './fql-harness';
import { launch, openView, waitUntil } from './fql-harness';

const init = (history: string[] = []) => ({
  type: 'init',
  history,
  endpoint: {
    url: 'http://localhost:8443',
    source: 'default (self-hosted Fauna)',
    secretSource: 'FAUNA_SECRET in .env',
  },
  typecheck: false,
  trusted: true,
});

const tagDoc = (id: number, fields: Record<string, unknown>) => ({
  t: 'doc',
  coll: 'Product',
  id: String(id),
  name: null,
  ts: '2025-01-01T00:00:00Z',
  fields,
});

function result(data: unknown, after: string | null = null) {
  return {
    data,
    staticType: 'Set<Product>',
    summary: '',
    txnTs: 1700000000000000,
    stats: { query_time_ms: 4, read_ops: 2, write_ops: 0, compute_ops: 1 },
    after,
  };
}

/** Types a query, runs it with Ctrl+Enter and returns the run message's requestId. */
async function runQuery(v: ViewPage, text: string): Promise<string> {
  await v.page.fill('#query', text);
  await v.page.press('#query', 'Control+Enter');
  let id = '';
  await waitUntil('a run message', async () => {
    const run = (await v.sent()).find((m) => m.type === 'run');
    id = run ? String(run.requestId) : '';
    return id !== '';
  });
  return id;
}

describe('FQL view bundle in headless Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('has the strict CSP, says ready, and asks for nothing from the network', async () => {
    const v = await openView(browser);
    const csp = await v.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp ?? '', /default-src 'none'/);
    assert.match(csp ?? '', /script-src 'nonce-[A-Za-z0-9+/=]+'/);
    assert.match(csp ?? '', /connect-src 'none'/);
    await waitUntil('ready', async () => (await v.sent()).some((m) => m.type === 'ready'));
    await v.post(init());
    await waitUntil(
      'endpoint shown',
      async () => (await v.page.textContent('#endpoint')) === 'http://localhost:8443',
    );
    assert.equal(
      await v.page.textContent('#endpoint-source'),
      'endpoint from default (self-hosted Fauna) · secret from FAUNA_SECRET in .env',
    );
    assert.deepEqual(v.foreign, []);
    assert.deepEqual(await v.violations(), []);
    await v.page.close();
  });

  it('runs with Ctrl+Enter, sending the query, arguments and typecheck', async () => {
    const v = await openView(browser);
    await v.post(init());
    await v.page.click('#args-details summary');
    await v.page.fill('#args', '{"limit": 3}');
    await v.page.check('#typecheck');
    await runQuery(v, 'Product.all().pageSize(limit)');
    const run = (await v.sent()).find((m) => m.type === 'run')!;
    assert.equal(run.query, 'Product.all().pageSize(limit)');
    assert.equal(run.arguments, '{"limit": 3}');
    assert.equal(run.typecheck, true);
    assert.equal(await v.page.isDisabled('#run'), true);
    assert.equal(await v.page.isEnabled('#cancel'), true);
    await v.page.click('#cancel');
    await waitUntil('cancel', async () =>
      (await v.sent()).some((m) => m.type === 'cancel' && m.requestId === run.requestId),
    );
    await v.page.close();
  });

  it('refuses invalid argument JSON before sending, and says why', async () => {
    const v = await openView(browser);
    await v.post(init());
    await v.page.click('#args-details summary');
    await v.page.fill('#args', '{"limit": }');
    await v.page.fill('#query', '1 + 1');
    await v.page.press('#query', 'Control+Enter');
    await waitUntil('argument error', async () =>
      /not valid JSON/.test((await v.page.textContent('#args-error')) ?? ''),
    );
    assert.ok(!(await v.sent()).some((m) => m.type === 'run'));
    await v.page.close();
  });

  it('shows documents in a table, values as text, and runs nothing from the data', async () => {
    const v = await openView(browser);
    await v.post(init());
    const id = await runQuery(v, 'Product.all()');
    const evil = '<img src=x onerror="window.__pwned=1">';
    const closer = '</script><script>window.__pwned=2</script>';
    await v.post({
      type: 'result',
      requestId: id,
      append: false,
      result: result({
        t: 'page',
        data: [tagDoc(1, { name: evil, note: closer }), tagDoc(2, { name: 'plain' })],
        after: null,
      }),
    });
    await waitUntil(
      'table rows',
      async () => (await v.page.locator('#table-view .tr').count()) === 2,
    );
    const cells = await v.page.locator('#table-view .tr').first().locator('.td').allTextContents();
    assert.ok(cells.includes(JSON.stringify(evil)), cells.join(' | '));
    assert.ok(cells.includes(JSON.stringify(closer)));
    assert.equal(await v.page.locator('#result img').count(), 0);
    assert.equal(await v.page.locator('#result script').count(), 0);
    // The tree and raw views show the same text, still inert.
    await v.page.click('#tab-tree');
    await v.page.click('#tree-view .node .children .toggle >> nth=0');
    assert.ok(((await v.page.textContent('#tree-view')) ?? '').includes(JSON.stringify(evil)));
    await v.page.click('#tab-raw');
    assert.ok(((await v.page.textContent('#raw-view')) ?? '').includes('window.__pwned=2'));
    assert.equal(
      await v.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
      undefined,
    );
    assert.deepEqual(v.foreign, [], 'no request (the img would have fetched /x)');
    assert.match(
      (await v.page.textContent('#stats')) ?? '',
      /4 ms · read 2 · write 0 · compute 1 · txn_ts 1700000000000000/,
    );
    await v.page.close();
  });

  it('keeps the table bounded for 100,000 rows and reaches the last row by scrolling', async () => {
    const v = await openView(browser);
    await v.post(init());
    const id = await runQuery(v, 'Big.all()');
    await v.page.evaluate((requestId) => {
      const data: unknown[] = [];
      for (let i = 0; i < 100_000; i++) {
        data.push({
          t: 'doc',
          coll: 'Big',
          id: String(i),
          name: null,
          ts: null,
          fields: { n: { t: 'int', v: i, text: String(i) }, label: `row ${i}` },
        });
      }
      window.postMessage(
        {
          type: 'result',
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
    }, id);
    await waitUntil('rows', async () => (await v.page.locator('#table-view .tr').count()) > 0);
    const count = await v.page.locator('#table-view .tr').count();
    assert.ok(count < 100, `DOM rows: ${count}`);
    assert.match((await v.page.textContent('#status')) ?? '', /100,000 rows/);
    await v.page.evaluate(() => {
      const vp = document.querySelector('#table-view .viewport')!;
      vp.scrollTop = vp.scrollHeight;
    });
    await waitUntil(
      'last row',
      async () => (await v.page.locator('#table-view .tr[data-index="99999"]').count()) === 1,
    );
    assert.ok((await v.page.locator('#table-view .tr').count()) < 100);
    await v.page.close();
  });

  it('shows a 100,000-item array as a tree, 200 children at a time', async () => {
    const v = await openView(browser);
    await v.post(init());
    const id = await runQuery(v, 'big array');
    await v.page.evaluate((requestId) => {
      const data: unknown[] = [];
      for (let i = 0; i < 100_000; i++) data.push({ t: 'int', v: i, text: String(i) });
      window.postMessage(
        {
          type: 'result',
          requestId,
          append: false,
          result: {
            data,
            staticType: 'Array<Int>',
            summary: '',
            txnTs: null,
            stats: {},
            after: null,
          },
        },
        '*',
      );
    }, id);
    await waitUntil(
      'tree',
      async () => (await v.page.locator('#tree-view .children > .node').count()) === 200,
    );
    assert.equal(await v.page.isDisabled('#tab-table'), true);
    assert.equal(await v.page.textContent('#tree-view .more'), 'Show 200 more of 99,800');
    await v.page.click('#tree-view .more');
    await waitUntil(
      'more nodes',
      async () => (await v.page.locator('#tree-view .children > .node').count()) === 400,
    );
    await v.page.close();
  });

  it('shows an error with its summary, as text', async () => {
    const v = await openView(browser);
    await v.post(init());
    const id = await runQuery(v, 'foo');
    await v.post({
      type: 'error',
      requestId: id,
      error: {
        code: 'invalid_query',
        message: 'The query is invalid: <b>x</b>.',
        summary: 'error: Unbound variable `foo`\nat *query*:1:1',
        position: { line: 0, character: 0, length: 3 },
      },
    });
    await waitUntil('error', async () => await v.page.isVisible('#error'));
    assert.equal(
      await v.page.textContent('#error .error-message'),
      'The query is invalid: <b>x</b>.',
    );
    assert.match((await v.page.textContent('#error .summary')) ?? '', /at \*query\*:1:1/);
    assert.equal(await v.page.isEnabled('#run'), true, 'usable again');
    await v.page.close();
  });

  it('pages on with Load more and appends the rows', async () => {
    const v = await openView(browser);
    await v.post(init());
    const id = await runQuery(v, 'Product.all()');
    await v.post({
      type: 'result',
      requestId: id,
      append: false,
      result: result({ t: 'page', data: [tagDoc(1, {})], after: 'cur1' }, 'cur1'),
    });
    await waitUntil('load more', async () => await v.page.isVisible('#load-more'));
    await v.page.click('#load-more');
    let moreId = '';
    await waitUntil('loadMore message', async () => {
      const m = (await v.sent()).find((x) => x.type === 'loadMore');
      moreId = m ? String(m.requestId) : '';
      return moreId !== '';
    });
    await v.post({
      type: 'result',
      requestId: moreId,
      append: true,
      result: result({ t: 'page', data: [tagDoc(2, {})], after: null }),
    });
    await waitUntil(
      'two rows',
      async () => (await v.page.locator('#table-view .tr').count()) === 2,
    );
    assert.equal(await v.page.isVisible('#load-more'), false);
    await v.page.click('#export-csv');
    await waitUntil('export', async () =>
      (await v.sent()).some((m) => m.type === 'export' && m.format === 'csv'),
    );
    await v.page.close();
  });

  it('walks the history with Up and Down and highlights FQL', async () => {
    const v = await openView(browser);
    await v.post(init(['Product.all()', '1 + 1']));
    await v.page.focus('#query');
    await v.page.keyboard.press('ArrowUp');
    assert.equal(await v.page.inputValue('#query'), 'Product.all()');
    await v.page.keyboard.press('ArrowUp');
    assert.equal(await v.page.inputValue('#query'), '1 + 1');
    await v.page.keyboard.press('ArrowDown');
    await v.page.keyboard.press('ArrowDown');
    assert.equal(await v.page.inputValue('#query'), '');
    await v.page.fill('#query', 'let x = "a #{b}" // c\nTime.now()');
    assert.equal(await v.page.locator('.highlight .tk-keyword').first().textContent(), 'let');
    assert.equal(await v.page.locator('.highlight .tk-module').first().textContent(), 'Time');
    assert.equal(await v.page.locator('.highlight .tk-comment').first().textContent(), '// c');
    // Bracket matching: the caret before "(" marks it and its partner, not the ")" in the string.
    await v.page.fill('#query', 'f(")", [1])');
    await v.page.focus('#query');
    await v.page.keyboard.press('Home');
    await v.page.keyboard.press('ArrowRight');
    await waitUntil(
      'matched brackets',
      async () => (await v.page.locator('.highlight .bracket-match').count()) === 2,
    );
    assert.deepEqual(await v.page.locator('.highlight .bracket-match').allTextContents(), [
      '(',
      ')',
    ]);
    const last = await v.page.evaluate(() => {
      const all = [...document.querySelectorAll('.highlight span')];
      return (
        all.indexOf(document.querySelectorAll('.highlight .bracket-match')[1]) === all.length - 1
      );
    });
    assert.ok(last, 'the partner is the last ")", not the one in the string');
    await v.page.close();
  });

  it('sends nothing in an untrusted workspace', async () => {
    const v = await openView(browser);
    await v.post({ ...init(), trusted: false });
    await waitUntil('run disabled', async () => await v.page.isDisabled('#run'));
    await v.page.fill('#query', '1 + 1');
    await v.page.press('#query', 'Control+Enter');
    await waitUntil('status', async () =>
      /untrusted/i.test((await v.page.textContent('#status')) ?? ''),
    );
    assert.ok(!(await v.sent()).some((m) => m.type === 'run'));
    await v.page.close();
  });

  it('cancels with Escape while running', async () => {
    const v = await openView(browser);
    await v.post(init());
    const id = await runQuery(v, '1 + 1');
    await v.page.press('#query', 'Escape');
    await waitUntil('cancel', async () =>
      (await v.sent()).some((m) => m.type === 'cancel' && m.requestId === id),
    );
    await v.post({
      type: 'error',
      requestId: id,
      error: { code: 'cancelled', message: 'Query cancelled.', summary: '', position: null },
    });
    await waitUntil(
      'cancelled status',
      async () => (await v.page.textContent('#status')) === 'Cancelled.',
    );
    await v.page.close();
  });

  it('takes every colour from the VS Code theme', async () => {
    const css = readFileSync(path.join(__dirname, '../../media/fql/fql.css'), 'utf8');
    assert.deepEqual(
      css.match(/#[0-9a-fA-F]{3,8}\b|rgba?\(|hsla?\(/g),
      null,
      'no hard-coded colours',
    );
    const v = await openView(browser);
    // A theme variable set on the page reaches the editor text.
    await v.page.evaluate(() =>
      document.documentElement.style.setProperty('--vscode-editor-foreground', 'rgb(1, 2, 3)'),
    );
    assert.equal(
      await v.page.$eval('.highlight', (e) => getComputedStyle(e).color),
      'rgb(1, 2, 3)',
    );
    await v.page.close();
  });

  it('restores the query from saved state', async () => {
    const v = await openView(browser, {
      query: 'Product.byId("1")',
      args: '',
      typecheck: true,
      tab: 'tree',
    });
    assert.equal(await v.page.inputValue('#query'), 'Product.byId("1")');
    assert.equal(await v.page.isChecked('#typecheck'), true);
    await v.page.close();
  });
});
