import { strict as assert } from 'node:assert';
import { run } from '../../../src/cli/run';
import { memoryIo } from '../../helpers/io';

describe('cli run', () => {
  it('prints usage and exits 2 without a command', async () => {
    const io = memoryIo();
    assert.equal(await run([], io), 2);
    assert.match(io.err(), /Usage: fly-fauna/);
  });
  it('exits 2 on an unknown command', async () => {
    const io = memoryIo();
    assert.equal(await run(['frobnicate'], io), 2);
    assert.match(io.err(), /unknown command 'frobnicate'/);
  });
  it('prints help on stdout with --help and exits 0', async () => {
    const io = memoryIo();
    assert.equal(await run(['--help'], io), 0);
    assert.match(io.out(), /check +\[PATH\.\.\.\]/);
  });
});
