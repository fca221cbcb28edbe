import { strict as assert } from 'node:assert';
import { pushIsStaged, pushWhileStagedWarning } from '../../../../src/core/fauna/schema-staged';

describe('core/fauna/schema-staged: an active push while a schema is staged', () => {
  it('is staged for every staged status, not for none or where nothing can be staged', () => {
    assert.deepEqual(
      (['none', 'pending', 'ready', 'failed', null, undefined] as const).map(pushIsStaged),
      [false, true, true, true, false, false],
    );
  });
  it('says the staged schema is replaced, the active one kept, and how to keep the staged files', () => {
    const w = pushWhileStagedWarning('ready', 'fly-fauna schema pull --staged');
    assert.match(w, /^A schema is staged \(status: ready\): pushing replaces the staged schema/);
    assert.match(w, /active schema stays as it is until the staged schema is committed/);
    assert.match(w, /\(fly-fauna schema pull --staged\)\.$/);
  });
});
