import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../../..');
const cli = path.join(repo, 'dist', 'cli.js');

/** Runs the built CLI as a real process (`npm run build` makes dist/cli.js; `npm test` builds first). */
function runDist(args: string[], env: Record<string, string> = {}) {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: repo,
    env: { PATH: path.dirname(process.execPath), HOME: repo, ...env },
    encoding: 'utf8',
    timeout: 20000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('dist/cli.js as a process', () => {
  it('check examples/demo --offline --format json: the document on stdout, exit 0', () => {
    const r = runDist(['check', 'examples/demo', '--offline', '--format', 'json']);
    assert.equal(r.err, '');
    assert.equal(r.code, 0);
    const doc = JSON.parse(r.out);
    assert.deepEqual(
      [
        doc.file,
        doc.app,
        doc.primaryRegion,
        doc.regionGroup?.id,
        doc.findings.map((f: { code: string }) => f.code),
      ],
      ['examples/demo/fly.toml', 'fly-fauna-demo', 'sjc', 'eu', ['region-outside-group']],
    );
  });
  it('text output with NO_COLOR has no escape codes; a missing path exits 2 with one stderr line', () => {
    const r = runDist(['check', 'examples/demo', '--offline'], { NO_COLOR: '1', FORCE_COLOR: '1' });
    assert.equal(r.code, 0);
    assert.match(r.out, /^examples\/demo\/fly\.toml:6:18 warning region-outside-group /m);
    assert.ok(!r.out.includes('\u001b['));
    const bad = runDist(['check', 'no/such/dir']);
    assert.equal(bad.code, 2);
    assert.equal(bad.out, '');
    assert.equal(bad.err, 'fly-fauna check: no/such/dir does not exist\n');
  });
});
