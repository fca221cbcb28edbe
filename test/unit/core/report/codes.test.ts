import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FINDING_CODES } from '../../../../src/core/report/codes';

const repo = path.resolve(__dirname, '../../../..');
const read = (p: string) => fs.readFileSync(path.join(repo, p), 'utf8');
const walk = (dir: string): string[] =>
  fs
    .readdirSync(path.join(repo, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

/** The codes the core passes when it makes a finding (as test/unit/docs/readme.test.ts finds them). */
function emittedCodes(): Map<string, Set<string>> {
  const codes = new Map<string, Set<string>>();
  for (const f of walk('src/core').filter(
    (f) => f.endsWith('.ts') && !f.includes('/fql/') && !f.includes('/report/'),
  )) {
    const text = read(f);
    for (const m of text.matchAll(/\badd\(\s*'([a-z0-9-]+)',\s*'(error|warning|info)'/g)) {
      if (!codes.has(m[1])) codes.set(m[1], new Set());
      codes.get(m[1])!.add(m[2]);
    }
    for (const m of text.matchAll(/\bcode: '([a-z0-9-]+)',\s*severity: '(error|warning|info)'/g)) {
      if (!codes.has(m[1])) codes.set(m[1], new Set());
      codes.get(m[1])!.add(m[2]);
    }
  }
  return codes;
}

describe('the finding code registry (src/core/report/codes.ts)', () => {
  it('lists only codes the core emits, each with a severity it is emitted with', () => {
    const emitted = emittedCodes();
    for (const [code, info] of Object.entries(FINDING_CODES)) {
      const sev = emitted.get(code);
      assert.ok(sev, `${code} is registered but nothing emits it`);
      assert.ok(
        sev.has(info.severity),
        `${code}: registered as ${info.severity}, emitted as ${[...sev].join('/')}`,
      );
    }
  });

  it('every emitted code is registered, or at least documented in the README (then SARIF makes its rule from the finding)', () => {
    const headings = new Set(
      [...read('README.md').matchAll(/^### `([a-z0-9-]+)`$/gm)].map((m) => m[1]),
    );
    const missing = [...emittedCodes().keys()].filter(
      (c) => !(c in FINDING_CODES) && !headings.has(c),
    );
    assert.deepEqual(missing, []);
  });
});
