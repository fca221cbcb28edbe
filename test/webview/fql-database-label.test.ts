// The FQL view shows the child database a query ran in ("in database shop/eu"), as text,
// next to the run-as label, on a result, a Load more page and an error.
import { strict as assert } from 'node:assert';
import { INIT, openView, runTyped, useBrowser, waitUntil } from './fql-harness';

const result = (after: string | null) => ({
  data: { t: 'page', data: [{ t: 'int', v: 1, text: '1' }], after },
  staticType: 'Set<Product>',
  summary: '',
  txnTs: 1700000000000000,
  stats: { query_time_ms: 1, read_ops: 1, write_ops: 0, compute_ops: 1 },
  after,
});

describe('FQL view: child database label', function () {
  this.timeout(120_000);
  const browser = useBrowser();

  it('names the database alone, with a run-as identity, on an error, as text', async () => {
    const v = await openView(browser());
    await v.post(INIT);
    let id = await runTyped(v, 'Product.all()');
    await v.post({
      type: 'result',
      requestId: id,
      append: false,
      result: result(null),
      database: 'shop/<i>eu</i>',
    });
    await waitUntil(
      'the database label',
      async () => (await v.page.textContent('#run-as')) === 'Ran in database shop/<i>eu</i>',
    );
    assert.equal(await v.page.locator('#run-as i').count(), 0);
    assert.equal(await v.page.isVisible('#run-as'), true);

    id = await runTyped(v, 'Product.all() ');
    await v.post({
      type: 'result',
      requestId: id,
      append: false,
      result: result(null),
      runAs: 'as role clerk',
      database: 'shop/eu',
    });
    await waitUntil(
      'both labels',
      async () => (await v.page.textContent('#run-as')) === 'Ran as role clerk in database shop/eu',
    );

    id = await runTyped(v, 'Product.all()  ');
    await v.post({
      type: 'error',
      requestId: id,
      error: {
        code: 'unauthorized',
        message: 'not accepted in database shop/us',
        summary: '',
        position: null,
      },
      database: 'shop/us',
    });
    await waitUntil(
      'the error label',
      async () => (await v.page.textContent('#error-run-as')) === 'Ran in database shop/us',
    );

    // The folder's own database, own role: no label.
    id = await runTyped(v, '1 + 1');
    await v.post({ type: 'result', requestId: id, append: false, result: result(null) });
    await waitUntil('the label hidden', async () => !(await v.page.isVisible('#run-as')));
    await v.page.close();
  });
});
