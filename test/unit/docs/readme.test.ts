import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../../..');
const read = (p: string) => fs.readFileSync(path.join(repo, p), 'utf8');

function walk(dir: string): string[] {
  return fs.readdirSync(path.join(repo, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/**
 * Every finding code the engine and the footprint check can emit: those in the golden
 * files, and every code literal the core passes when it makes a finding.
 */
function emittedCodes(): Set<string> {
  const codes = new Set<string>();
  for (const f of walk('test/fixtures/fly-toml').filter((f) => f.endsWith('.findings.json'))) {
    for (const finding of JSON.parse(read(f)) as Array<{ code: string }>) codes.add(finding.code);
  }
  for (const f of walk('src/core').filter((f) => f.endsWith('.ts') && !f.includes('/fql/'))) {
    const text = read(f);
    for (const m of text.matchAll(/\badd\(\s*'([a-z0-9-]+)'/g)) codes.add(m[1]);
    for (const m of text.matchAll(/\bcode: '([a-z0-9-]+)'/g)) codes.add(m[1]);
  }
  return codes;
}

describe('README', () => {
  const readme = read('README.md');

  it('starts with the two commands that set up and run the main job and every test', () => {
    const blocks = [...readme.matchAll(/```sh\n([^`]+)```/g)].map((m) => m[1].trim());
    assert.equal(blocks[0], 'npm ci && npm run build && node dist/cli.js check examples/demo --offline');
    assert.equal(blocks[1], 'bash scripts/setup.sh && npm test');
    assert.ok(readme.indexOf('```sh') < readme.indexOf('\n## '), 'the commands come before any section');
    const ci = read('.ci/run');
    assert.match(ci, /bash scripts\/setup\.sh\nnpm test\n/, '.ci/run runs the README test command');
  });

  it('has one heading per finding code, and no heading for a code nothing emits', () => {
    const headings = new Set(
      [...readme.matchAll(/^### `([a-z0-9-]+)`$/gm)].map((m) => m[1]),
    );
    const codes = emittedCodes();
    assert.ok(codes.size >= 30, `found ${codes.size} codes`);
    const undocumented = [...codes].filter((c) => !headings.has(c)).sort();
    assert.deepEqual(undocumented, [], 'codes without a README heading (the diagnostics link there)');
    const stale = [...headings].filter((c) => !codes.has(c)).sort();
    assert.deepEqual(stale, [], 'README headings for codes nothing emits');
  });

  it('links only to files that exist', () => {
    for (const m of readme.matchAll(/\]\(((?:docs|src|examples|test)\/[^)#]+)\)/g)) {
      assert.ok(fs.existsSync(path.join(repo, m[1])), `README links to missing ${m[1]}`);
    }
  });
});
