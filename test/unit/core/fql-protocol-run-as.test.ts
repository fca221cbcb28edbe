import { strict as assert } from 'node:assert';
import { isToWebview } from '../../../src/core/fql/protocol';

const result = { data: 1, staticType: null, summary: '', txnTs: null, stats: {}, after: null };
const error = { code: 'unauthorized', message: 'refused', summary: '', position: null };

describe('FQL protocol: runAs on result and error messages', () => {
  it('accepts a result or error with or without a runAs string', () => {
    assert.ok(isToWebview({ type: 'result', requestId: 'a', result, append: false }));
    assert.ok(
      isToWebview({ type: 'result', requestId: 'a', result, append: false, runAs: 'as role x' }),
    );
    assert.ok(isToWebview({ type: 'error', requestId: 'a', error }));
    assert.ok(isToWebview({ type: 'error', requestId: 'a', error, runAs: 'as role x' }));
  });

  it('refuses a runAs that is not a string', () => {
    assert.ok(!isToWebview({ type: 'result', requestId: 'a', result, append: false, runAs: 1 }));
    assert.ok(!isToWebview({ type: 'error', requestId: 'a', error, runAs: { role: 'x' } }));
  });

  it('accepts a database path string and refuses any other database value', () => {
    assert.ok(
      isToWebview({ type: 'result', requestId: 'a', result, append: false, database: 'shop/eu' }),
    );
    assert.ok(isToWebview({ type: 'error', requestId: 'a', error, database: 'shop/eu' }));
    assert.ok(
      !isToWebview({ type: 'result', requestId: 'a', result, append: false, database: ['shop'] }),
    );
    assert.ok(!isToWebview({ type: 'error', requestId: 'a', error, database: 3 }));
  });
});
