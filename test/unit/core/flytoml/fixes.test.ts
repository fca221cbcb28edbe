/** Quick fixes are TextEdits over exact ranges: applying one changes only what its title says. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintFlyToml, parseFlyToml } from '../../../../src/core/flytoml';
import type { Finding, Fix, Position } from '../../../../src/core/types';

function offsetAt(text: string, p: Position): number {
  let line = 0;
  let i = 0;
  while (line < p.line) {
    const nl = text.indexOf('\n', i);
    if (nl === -1) return text.length;
    i = nl + 1;
    line++;
  }
  return i + p.character;
}

/** Applies a fix's edits (they never overlap) from the end backwards. */
function apply(text: string, fix: Fix): string {
  const edits = fix.edits.map((e) => ({ s: offsetAt(text, e.range.start), e: offsetAt(text, e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  for (const e of edits) text = text.slice(0, e.s) + e.t + text.slice(e.e);
  return text;
}

function only(text: string, code: string): Finding {
  const f = lintFlyToml(parseFlyToml(text)).filter((x) => x.code === code);
  assert.equal(f.length, 1, `${code} in ${JSON.stringify(lintFlyToml(parseFlyToml(text)))}`);
  return f[0];
}

const lines = (...l: string[]): string => l.join('\n') + '\n';

describe('flytoml: quick fixes', () => {
  it('secret-in-env deletes only the entry line, keeps comments and other lines, and carries the push action', () => {
    const secret = 'fnAFxyzzy0123456789abcdefghijklmnopqrstuv';
    const text = lines('app = "a"', '', '[env]', '  # comment above stays', `  FAUNA_SECRET = "${secret}"   # goes with its line`, '  OTHER = "x" # stays', '', '[deploy]', '  strategy = "rolling"');
    const f = only(text, 'secret-in-env');
    assert.equal(f.fixes!.length, 1);
    const fix = f.fixes![0];
    assert.equal(fix.title, 'Move FAUNA_SECRET to Fly secrets (remove it from fly.toml)');
    assert.deepEqual(fix.action && { kind: fix.action.kind, name: fix.action.name, value: fix.action.value }, { kind: 'push-secret', name: 'FAUNA_SECRET', value: secret });
    assert.equal(apply(text, fix), lines('app = "a"', '', '[env]', '  # comment above stays', '  OTHER = "x" # stays', '', '[deploy]', '  strategy = "rolling"'));
    assert.ok(!f.message.includes(secret));
  });

  it('secret-in-env inside an inline env table removes the entry and its comma', () => {
    const text = lines('env = { A = "1", FAUNA_KEY = "k", B = "2" }');
    assert.equal(apply(text, only(text, 'secret-in-env').fixes![0]), lines('env = { A = "1", B = "2" }'));
    const last = lines('env = { A = "1", FAUNA_KEY = "k" }');
    assert.equal(apply(last, only(last, 'secret-in-env').fixes![0]), lines('env = { A = "1" }'));
  });

  it('secret-in-env in [[env]] with CRLF line ends', () => {
    const text = '[[env]]\r\nFAUNA_SECRET = "s"\r\nX = "y"\r\n';
    assert.equal(apply(text, only(text, 'secret-in-env').fixes![0]), '[[env]]\r\nX = "y"\r\n');
  });

  it('duration-nanoseconds writes the unit its title names, nothing else', () => {
    const table: Array<[string, string, string[]]> = [
      ['[deploy]\n  wait_timeout = 600 # ten minutes\n', 'wait_timeout = 600', ['Write "600s"', 'Write "600ms"']],
      ['[http_service]\n[[http_service.checks]]\n  interval = 15000\n', 'interval = 15000', ['Write "15s"', 'Write "15000s"']],
      ['[http_service]\n[[http_service.checks]]\n  timeout = 1500\n', 'timeout = 1500', ['Write "1500ms"', 'Write "1500s"']],
      ['[[machine_checks]]\n  kill_timeout = 30\n', 'kill_timeout = 30', ['Write "30s"', 'Write "30ms"']],
    ];
    for (const [text, before, titles] of table) {
      const f = only(text, 'duration-nanoseconds');
      assert.deepEqual(f.fixes!.map((x) => x.title), titles);
      assert.equal(f.fixes![0].isPreferred, true);
      for (const fix of f.fixes!) {
        const written = /^Write (".*")$/.exec(fix.title)![1];
        assert.equal(apply(text, fix), text.replace(before, before.replace(/= .*/, `= ${written}`)));
      }
    }
  });

  it('unknown-key renames every place the key is written (headers and dotted keys)', () => {
    const text = lines('[[http_machine.checks]]', '  path = "/a"', '', '[[http_machine.checks]]  # second', '  path = "/b"');
    const f = only(text, 'unknown-key');
    assert.equal(f.fixes![0].title, 'Rename to "http_service"');
    assert.equal(apply(text, f.fixes![0]), text.replaceAll('http_machine', 'http_service'));
    const dotted = lines('[deploy]', 'release_comand = "x"', 'strategy = "rolling"');
    assert.equal(apply(dotted, only(dotted, 'unknown-key').fixes![0]), dotted.replace('release_comand', 'release_command'));
  });

  it('enum fixes replace only the value token', () => {
    const text = lines('[deploy]', "  strategy = 'rollin'   # keep me");
    const f = only(text, 'deploy-strategy');
    assert.equal(f.fixes![0].title, 'Change to "rolling"');
    assert.equal(apply(text, f.fixes![0]), lines('[deploy]', '  strategy = "rolling"   # keep me'));
    const t2 = lines('[[vm]]', '  kernel_args = "quiet"  # x');
    assert.equal(apply(t2, only(t2, 'invalid-type').fixes![0]), lines('[[vm]]', '  kernel_args = ["quiet"]  # x'));
  });

  it('every fix of every finding on the fixtures leaves valid TOML', () => {
    const dir = path.join(__dirname, '../../../fixtures/fly-toml');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.toml'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const f of lintFlyToml(parseFlyToml(text)))
        for (const fix of f.fixes ?? []) {
          const after = parseFlyToml(apply(text, fix));
          assert.equal(after.syntaxError, null, `${file}: ${fix.title}`);
        }
    }
  });
});
