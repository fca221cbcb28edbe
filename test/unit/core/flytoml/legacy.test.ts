/** `legacy-key`: Apps V1 (Nomad) keys get their own information finding, a Remove fix, and Fix All removes them. */
import { strict as assert } from 'node:assert';
import { lintFlyToml, parseFlyToml } from '../../../../src/core/flytoml';
import { LEGACY_KEYS } from '../../../../src/core/flytoml/legacy';
import { fixAllEdits } from '../../../../src/core/fix-all';
import { FINDING_CODES } from '../../../../src/core/report/codes';
import type { Finding, Position, TextEdit } from '../../../../src/core/types';

function offsetAt(text: string, p: Position): number {
  let i = 0;
  for (let line = 0; line < p.line; line++) {
    const nl = text.indexOf('\n', i);
    if (nl === -1) return text.length;
    i = nl + 1;
  }
  return i + p.character;
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((e) => ({
      s: offsetAt(text, e.range.start),
      e: offsetAt(text, e.range.end),
      t: e.newText,
    }))
    .sort((a, b) => b.s - a.s);
  for (const e of sorted) text = text.slice(0, e.s) + e.t + text.slice(e.e);
  return text;
}

const lint = (text: string): Finding[] => lintFlyToml(parseFlyToml(text));
const lines = (...l: string[]): string => l.join('\n') + '\n';
const codes = (fs: Finding[]): string[] => fs.map((f) => f.code);

describe('flytoml: legacy-key (Apps V1 keys)', () => {
  it('is registered as information with help text', () => {
    assert.equal(FINDING_CODES['legacy-key'].severity, 'info');
    assert.ok(FINDING_CODES['legacy-key'].help.length > 0);
  });

  it('every listed key names its flyctl source', () => {
    for (const k of LEGACY_KEYS)
      assert.match(k.source, /^internal\/\S+:\d+@[0-9a-f]{8}\^?$/, `${k.table}.${k.key}`);
  });

  it('restart_limit in [[services.tcp_checks]] points to [[restart]]', () => {
    const fs = lint(
      lines(
        'app = "a"',
        '[[services]]',
        '  internal_port = 8080',
        '  [[services.ports]]',
        '    port = 80',
        '  [[services.tcp_checks]]',
        '    interval = "15s"',
        '    restart_limit = 0',
      ),
    );
    assert.deepEqual(codes(fs), ['legacy-key']);
    assert.equal(fs[0].severity, 'info');
    assert.equal(
      fs[0].message,
      '"restart_limit" in [services[0].tcp_checks[0]] is an Apps V1 (Nomad) key that flyctl ignores since Apps V2; restarts are set in [[restart]] (policy, retries)',
    );
    assert.deepEqual(fs[0].range, {
      start: { line: 7, character: 4 },
      end: { line: 7, character: 17 },
    });
  });

  it('restart_limit in [[services.http_checks]] (and the single-table form) is legacy-key', () => {
    const fs = lint(
      lines(
        'app = "a"',
        '[[services]]',
        '  internal_port = 8080',
        '  [[services.ports]]',
        '    port = 80',
        '  [services.http_checks]',
        '    path = "/"',
        '    restart_limit = 3',
      ),
    );
    assert.deepEqual(codes(fs), ['legacy-key']);
    assert.equal(
      fs[0].message,
      '"restart_limit" in [services[0].http_checks] is an Apps V1 (Nomad) key that flyctl ignores since Apps V2; restarts are set in [[restart]] (policy, retries)',
    );
  });

  it('[[services.script_checks]] sections and script_checks = [] are legacy-key', () => {
    const a = lint(
      lines(
        'app = "a"',
        '[[services]]',
        '  internal_port = 8080',
        '  [[services.ports]]',
        '    port = 80',
        '  [[services.script_checks]]',
        '    command = "/check.sh"',
      ),
    );
    assert.deepEqual(codes(a), ['legacy-key']);
    assert.equal(
      a[0].message,
      '"script_checks" in [services[0]] is an Apps V1 (Nomad) key that flyctl ignores since Apps V2; it has no script checks: use an HTTP or TCP check',
    );
    const b = lint(
      lines(
        'app = "a"',
        '[[services]]',
        '  internal_port = 8080',
        '  script_checks = []',
        '  [[services.ports]]',
        '    port = 80',
      ),
    );
    assert.deepEqual(codes(b), ['legacy-key']);
  });

  it('[experimental] allowed_public_ports is legacy-key', () => {
    const fs = lint(lines('app = "a"', '[experimental]', '  allowed_public_ports = [5432]'));
    assert.deepEqual(codes(fs), ['legacy-key']);
    assert.equal(
      fs[0].message,
      '"allowed_public_ports" in [experimental] is an Apps V1 (Nomad) key that flyctl ignores since Apps V2; the public ports are the ones in [[services.ports]] and [http_service]',
    );
  });

  it('the same key elsewhere, or a typo, is still unknown-key with did-you-mean', () => {
    const elsewhere = lint(lines('app = "a"', 'restart_limit = 3'));
    assert.deepEqual(codes(elsewhere), ['unknown-key']);
    const typo = lint(
      lines(
        'app = "a"',
        '[[services]]',
        '  internal_port = 8080',
        '  [[services.ports]]',
        '    port = 80',
        '  [[services.tcp_checks]]',
        '    intervl = "15s"',
      ),
    );
    assert.deepEqual(codes(typo), ['unknown-key']);
    assert.match(typo[0].message, /did you mean "interval"\?/);
  });

  it('the Remove fix deletes the key line and keeps the comments around it', () => {
    const text = lines(
      'app = "a"',
      '[experimental]',
      '  # why we had this',
      '  allowed_public_ports = [5432] # goes with its line',
      '  auto_rollback = true # stays',
    );
    const [f] = lint(text);
    const fix = f.fixes?.[0];
    assert.ok(fix && f.fixes?.length === 1);
    assert.equal(fix.title, 'Remove "allowed_public_ports"');
    assert.equal(fix.isPreferred, true);
    assert.equal(
      applyEdits(text, fix.edits),
      lines('app = "a"', '[experimental]', '  # why we had this', '  auto_rollback = true # stays'),
    );
  });

  it('Fix All removes every legacy key, whole [[services.script_checks]] sections included, keeping comments and format', () => {
    const text = lines(
      'app = "a"',
      '# top comment',
      '[experimental]',
      '  allowed_public_ports = [5432]',
      '  auto_rollback = true',
      '',
      '[[services]]',
      '  internal_port = 8080',
      '  protocol = "tcp"',
      '  # checks below',
      '  [[services.tcp_checks]]',
      '    interval = "15s"',
      '    restart_limit = 0',
      '  [[services.script_checks]]',
      '    command = "/check.sh"',
      '    interval = "10s"',
      '',
      '  # between script checks',
      '  [[services.script_checks]]',
      '    command = "/b.sh"',
      '  [[services.ports]]',
      '    port = 80',
    );
    const findings = lint(text);
    assert.deepEqual(codes(findings), ['legacy-key', 'legacy-key', 'legacy-key']);
    const out = applyEdits(text, fixAllEdits(findings));
    assert.equal(
      out,
      lines(
        'app = "a"',
        '# top comment',
        '[experimental]',
        '  auto_rollback = true',
        '',
        '[[services]]',
        '  internal_port = 8080',
        '  protocol = "tcp"',
        '  # checks below',
        '  [[services.tcp_checks]]',
        '    interval = "15s"',
        '',
        '  # between script checks',
        '  [[services.ports]]',
        '    port = 80',
      ),
    );
    assert.deepEqual(lint(out), []);
  });
});
