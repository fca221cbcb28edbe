import { strict as assert } from 'node:assert';
import { isToWebview, parseFromWebview } from '../../../src/core/fql/protocol';

const init = { type: 'init', history: [], endpoint: null, typecheck: false, trusted: true };

describe('FQL protocol: the view database (chip)', () => {
  it('accepts clearDatabase from the webview, dropping anything it carries', () => {
    assert.deepEqual(parseFromWebview({ type: 'clearDatabase' }), { type: 'clearDatabase' });
    // The webview cannot name a database: a path it sends along is not kept.
    assert.deepEqual(parseFromWebview({ type: 'clearDatabase', database: ['other'] }), {
      type: 'clearDatabase',
    });
  });

  it('keeps a view run free of any database the webview adds', () => {
    const run = parseFromWebview({
      type: 'run',
      requestId: 'q1',
      query: 'Product.all()',
      arguments: '',
      typecheck: false,
      database: ['evil'],
    });
    assert.deepEqual(run, {
      type: 'run',
      requestId: 'q1',
      query: 'Product.all()',
      arguments: '',
      typecheck: false,
    });
  });

  it('rejects setDatabase-like messages the webview has no business sending', () => {
    assert.equal(parseFromWebview({ type: 'database', database: 'shop/eu' }), null);
    assert.equal(parseFromWebview({ type: 'setDatabase', database: ['shop'] }), null);
  });

  it('accepts a database message with a path label or null, and nothing else', () => {
    assert.ok(isToWebview({ type: 'database', database: 'shop/eu' }));
    assert.ok(isToWebview({ type: 'database', database: null }));
    assert.ok(!isToWebview({ type: 'database' }));
    assert.ok(!isToWebview({ type: 'database', database: ['shop', 'eu'] }));
    assert.ok(!isToWebview({ type: 'database', database: 1 }));
  });

  it('accepts init with or without a database label, refusing a non-string one', () => {
    assert.ok(isToWebview(init));
    assert.ok(isToWebview({ ...init, database: 'shop/eu' }));
    assert.ok(!isToWebview({ ...init, database: ['shop'] }));
    assert.ok(!isToWebview({ ...init, database: null }));
  });
});
