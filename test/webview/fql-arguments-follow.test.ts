// The FQL view's arguments box shows the arguments of the query a run from an editor
// started: a template's fill it, a .fql file's or the Database view's (none) empty it, so
// the box never holds arguments the shown query did not run with; a view run leaves it.
import { strict as assert } from 'node:assert';
import type { ViewPage } from './fql-harness';
import { INIT, openView, useBrowser, waitUntil } from './fql-harness';

async function box(v: ViewPage): Promise<{ value: string; open: boolean; query: string }> {
  return v.page.evaluate(() => ({
    value: (document.getElementById('args') as HTMLTextAreaElement).value,
    open: (document.getElementById('args-details') as HTMLDetailsElement).open,
    query: (document.getElementById('query') as HTMLTextAreaElement).value,
  }));
}

describe('FQL view: the arguments box follows runs from an editor', function () {
  this.timeout(120_000);
  const browser = useBrowser();

  it('a template fills it, a .fql file run empties and closes it, a view run keeps it', async () => {
    const v = await openView(browser());
    await v.post(INIT);
    await v.post({
      type: 'running',
      requestId: 't1',
      query: 'Order.byStatus(arg0)',
      origin: 'template',
      arguments: '{\n  "arg0": "stop"\n}',
    });
    await waitUntil('the template arguments', async () => (await box(v)).value.includes('stop'));
    assert.deepEqual(await box(v), {
      value: '{\n  "arg0": "stop"\n}',
      open: true,
      query: 'Order.byStatus(arg0)',
    });

    await v.post({
      type: 'running',
      requestId: 'f1',
      query: 'Product.all()',
      origin: 'file',
      arguments: '',
    });
    await waitUntil('the file query', async () => (await box(v)).query === 'Product.all()');
    assert.deepEqual(await box(v), { value: '', open: false, query: 'Product.all()' });

    // The user's own arguments in the view stay through a run started in the view.
    await v.page.click('#args-details summary');
    await v.page.fill('#args', '{"limit": 3}');
    await v.post({ type: 'running', requestId: 'v1', query: 'Product.all()', origin: 'view' });
    await waitUntil('the view run', async () => (await v.page.isDisabled('#run')) === true);
    assert.equal((await box(v)).value, '{"limit": 3}');
  });
});
