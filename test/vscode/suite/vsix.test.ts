import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { activeExtension } from './helpers';

export function vsixTests(): void {
  suite('the installed .vsix', () => {
    test('is the installed copy, not the sources, and activates', async () => {
      const ext = await activeExtension();
      assert.equal(ext.isActive, true);
      // Installed extensions live in the host's extensions folder as publisher.name-version.
      assert.match(path.basename(ext.extensionPath), /^fly-fauna\.fly-fauna-\d+\.\d+\.\d+$/);
    });
  });
}
