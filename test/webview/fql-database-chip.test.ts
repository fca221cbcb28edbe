// The FQL view's database chip: where its Run goes when that is a child database (set by
// the host, from `init` or a `database` message), as text, with a × that only asks the
// host to return to the folder's own database (the run message itself names no path).
import { strict as assert } from 'node:assert';
import type { ViewPage } from './fql-harness';
import { INIT, openView, useBrowser, waitUntil } from './fql-harness';

async function count(v: ViewPage, type: string): Promise<number> {
  return (await v.sent()).filter((m) => m.type === type).length;
}

describe('FQL view: database chip', function () {
  this.timeout(120_000);
  const browser = useBrowser();

  it('is hidden for the folder database and shown, as text, for a child database', async () => {
    const v = await openView(browser());
    await v.post(INIT);
    await waitUntil('the endpoint', async () =>
      ((await v.page.textContent('#endpoint')) ?? '').includes('localhost'),
    );
    assert.equal(await v.page.isVisible('#database'), false);
    assert.equal(await v.page.getAttribute('#run', 'title'), 'Run (Ctrl+Enter)');

    await v.post({ type: 'database', database: 'shop/<b>eu</b>' });
    await waitUntil('the chip', () => v.page.isVisible('#database'));
    assert.equal(await v.page.textContent('#database-text'), 'Database: shop/<b>eu</b>');
    assert.equal(await v.page.locator('#database b').count(), 0);
    assert.equal(
      await v.page.getAttribute('#run', 'title'),
      'Run in database shop/<b>eu</b> (Ctrl+Enter)',
    );
    assert.equal(
      await v.page.getAttribute('#clear-database', 'aria-label'),
      "Run in the folder's own database",
    );

    // A run from the view names no database: the host keeps the path.
    await v.page.fill('#query', 'Product.all()');
    await v.page.press('#query', 'Control+Enter');
    await waitUntil('a run message', async () => (await count(v, 'run')) === 1);
    const run = (await v.sent()).find((m) => m.type === 'run');
    assert.deepEqual(Object.keys(run ?? {}).sort(), [
      'arguments',
      'query',
      'requestId',
      'type',
      'typecheck',
    ]);

    await v.post({ type: 'database', database: null });
    await waitUntil('the chip hidden', async () => !(await v.page.isVisible('#database')));
    assert.equal(await v.page.getAttribute('#run', 'title'), 'Run (Ctrl+Enter)');
    await v.page.close();
  });

  it('comes from init, and its × (mouse or keyboard) sends only clearDatabase', async () => {
    const v = await openView(browser());
    await v.post({ ...INIT, database: 'shop/eu' });
    await waitUntil('the chip', () => v.page.isVisible('#database'));
    assert.equal(await v.page.textContent('#database-text'), 'Database: shop/eu');

    await v.page.click('#clear-database');
    await waitUntil('a clearDatabase message', async () => (await count(v, 'clearDatabase')) === 1);
    assert.deepEqual(
      (await v.sent()).find((m) => m.type === 'clearDatabase'),
      { type: 'clearDatabase' },
    );
    // The chip stays until the host says where Run goes now.
    assert.equal(await v.page.isVisible('#database'), true);

    // Keyboard: the × is a button reached with Tab, pressed with Enter.
    await v.page.focus('#clear-database');
    await v.page.keyboard.press('Enter');
    await waitUntil('a second clearDatabase', async () => (await count(v, 'clearDatabase')) === 2);
    await v.post({ type: 'database', database: null });
    await waitUntil('the chip hidden', async () => !(await v.page.isVisible('#database')));
    // Focus does not fall to the page when the focused × goes away.
    assert.equal(await v.page.evaluate(() => document.activeElement?.id), 'query');
    await v.page.close();
  });
});
