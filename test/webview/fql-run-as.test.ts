// The FQL view shows who a query ran as ("Run as"), as text, on a result and an error.
import { strict as assert } from 'node:assert';
import { INIT, openView, runTyped, useBrowser, waitUntil } from './fql-harness';

const result = {
  data: 2,
  staticType: 'Int',
  summary: '',
  txnTs: 1700000000000000,
  stats: { query_time_ms: 1, read_ops: 0, write_ops: 0, compute_ops: 1 },
  after: null,
};

describe('FQL view: Run as label', function () {
  this.timeout(120_000);
  const browser = useBrowser();

  it('shows the identity on a result and an error, as text, and hides it for the own role', async () => {
    const v = await openView(browser());
    await v.post(INIT);
    let id = await runTyped(v, '1 + 1');
    await v.post({
      type: 'result',
      requestId: id,
      append: false,
      result,
      runAs: 'as role <b>x</b>',
    });
    await waitUntil(
      'the label',
      async () => (await v.page.textContent('#run-as')) === 'Ran as role <b>x</b>',
    );
    assert.equal(await v.page.locator('#run-as b').count(), 0);
    assert.equal(await v.page.isVisible('#run-as'), true);

    id = await runTyped(v, '1 + 2');
    await v.post({
      type: 'error',
      requestId: id,
      error: { code: 'unauthorized', message: 'refused', summary: '', position: null },
      runAs: 'as role nobody',
    });
    await waitUntil(
      'the error label',
      async () => (await v.page.textContent('#error-run-as')) === 'Ran as role nobody',
    );

    id = await runTyped(v, '1 + 3');
    await v.post({ type: 'result', requestId: id, append: false, result });
    await waitUntil('the label hidden', async () => !(await v.page.isVisible('#run-as')));
    assert.equal(await v.page.isVisible('#error'), false);
    await v.page.close();
  });
});
