/** Nothing throws on any input, and every finding is well formed with a range inside the text. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { childKeys, describeKey, envEntries, getString, lintFlyToml, nodeAt, parseFlyToml, processGroups, servingProcessGroups } from '../../../../src/core/flytoml';
import type { Finding, Range } from '../../../../src/core/types';

const dir = path.join(__dirname, '../../../fixtures/fly-toml');
const fixtures = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.toml'))
  .sort()
  .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));

const CODES = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function lineLengths(text: string): number[] {
  // VS Code's line breaks: \r\n, \n, lone \r.
  return text.split(/\r\n|\n|\r/).map((l) => l.length);
}

function assertRange(r: Range, lens: number[], what: string): void {
  for (const p of [r.start, r.end]) {
    assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lens.length, `${what}: line ${p.line} of ${lens.length}`);
    assert.ok(Number.isInteger(p.character) && p.character >= 0 && p.character <= lens[p.line], `${what}: character ${p.character} > ${lens[p.line]}`);
  }
  assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), `${what}: reversed`);
}

function check(text: string): void {
  const doc = parseFlyToml(text);
  const findings: Finding[] = lintFlyToml(doc);
  assert.ok(Array.isArray(findings));
  const lens = lineLengths(text);
  for (const f of findings) {
    assert.match(f.code, CODES);
    assert.ok(['error', 'warning', 'info'].includes(f.severity));
    assert.equal(typeof f.message, 'string');
    assert.ok(f.message.length > 0);
    if (f.range !== null) assertRange(f.range, lens, f.code);
    for (const fix of f.fixes ?? []) {
      assert.equal(typeof fix.title, 'string');
      for (const e of fix.edits) assertRange(e.range, lens, `${f.code} fix`);
    }
  }
  // The query API must not throw either.
  envEntries(doc);
  processGroups(doc);
  servingProcessGroups(doc);
  getString(doc, ['app']);
  nodeAt(doc, { line: Math.floor(lens.length / 2), character: 3 });
}

/** A random edit of a fixture: replace, insert, delete, truncate, duplicate lines. */
const mutated = fc
  .tuple(
    fc.constantFrom(...fixtures),
    fc.array(
      fc.oneof(
        fc.record({ op: fc.constant('insert' as const), at: fc.nat(), s: fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('[', ']', '[[', '"', "'", '=', '\n', '\r', '#', '.', '{', '}', ',', '\\', '"""', 'x = ', '0x', '1e9', 'inf', '[services]\n', '[[vm]]\n', 'env = 3\n', 'processes = 1\n', '\u0000', '\ud800', '😀')) }),
        fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.nat({ max: 20 }) }),
        fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
        fc.record({ op: fc.constant('swap-lines' as const), at: fc.nat(), b: fc.nat() }),
      ),
      { maxLength: 6 },
    ),
  )
  .map(([text, ops]) => {
    for (const o of ops) {
      const at = text.length ? o.at % (text.length + 1) : 0;
      if (o.op === 'insert') text = text.slice(0, at) + o.s + text.slice(at);
      else if (o.op === 'delete') text = text.slice(0, at) + text.slice(at + o.n);
      else if (o.op === 'truncate') text = text.slice(0, at);
      else {
        const lines = text.split('\n');
        const i = o.at % lines.length;
        const j = o.b % lines.length;
        [lines[i], lines[j]] = [lines[j], lines[i]];
        text = lines.join('\n');
      }
    }
    return text;
  });

/** Valid TOML with values of every type in every place the schema knows. */
const scalar = fc.oneof(
  fc.string().map((s) => JSON.stringify(s)),
  fc.integer({ min: -100000, max: 100000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Number.isInteger(d) ? `${d}.0` : String(d)).replace('e', 'e')),
  fc.boolean().map(String),
  fc.constant('1979-05-27T07:32:00Z'),
  fc.constant('[1, "a", true]'),
  fc.constant('{ a = 1 }'),
  fc.constant('[]'),
  fc.constant('"fnAFxyzzy0123456789abcdefghijklmnopqrstuv"'),
  fc.constantFrom('"10s"', '"1m30s"', '""', '"1gb"', '"0"', '"shared-cpu-1x"', '"canary"', '"a,b"', '"1,2"', '"\'"'),
);
const keys = ['__proto__', 'constructor', 'app', 'kill_timeout', 'processes', 'env', 'strategy', 'memory', 'size', 'port', 'internal_port', 'concurrency', 'interval', 'timeout', 'policy', 'type', 'initial_size', 'auto_stop_machines', 'kernel_args', 'headers', 'name', 'command', 'release_command'];
const headers = ['', '[__proto__]', '[deploy]', '[env]', '[[env]]', '[http_service]', '[[http_service.checks]]', '[[services]]', '[[services.ports]]', '[[services.tcp_checks]]', '[[services.http_checks]]', '[[vm]]', '[vm]', '[[mounts]]', '[checks.a]', '[[checks]]', '[[restart]]', '[processes]', '[[processes]]', '[build]', '[experimental]', '[[metrics]]', '[[machine_checks]]'];
const typed = fc
  .array(fc.tuple(fc.constantFrom(...headers), fc.array(fc.tuple(fc.constantFrom(...keys), scalar), { maxLength: 4 })), { maxLength: 8 })
  .map((sections) => sections.map(([h, kvs]) => [h, ...kvs.map(([k, v]) => `${k} = ${v}`)].join('\n')).join('\n\n'));

describe('flytoml: robustness', function () {
  this.timeout(60000);

  it('never throws on mutated fixtures and returns well-formed findings', () => {
    fc.assert(fc.property(mutated, check), { numRuns: 5000, seed: 20260826 });
  });

  it('never throws on valid TOML with values of any type anywhere', () => {
    fc.assert(fc.property(typed, check), { numRuns: 3000, seed: 42 });
  });

  it('key reference and nodeAt take any path or position', () => {
    const seg = fc.oneof(fc.constantFrom('*', '0', '12', 'services', 'ports', 'vm', 'env', 'checks', 'http_service', 'concurrency', 'type', '__proto__', 'constructor', 'toString', 'hasOwnProperty', ''), fc.string());
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 8 }), (path) => {
        const info = describeKey(path);
        if (info) assert.equal(typeof info.description, 'string');
        for (const k of childKeys(path)) assert.equal(typeof k.key, 'string');
      }),
      { numRuns: 3000, seed: 7 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.integer({ min: -5, max: 400 }), fc.integer({ min: -5, max: 200 }), (text, line, character) => {
        const hit = nodeAt(parseFlyToml(text), { line, character });
        if (hit) {
          assert.ok(Array.isArray(hit.path));
          assertRange(hit.range, lineLengths(text), 'nodeAt');
          describeKey(hit.path);
        }
      }),
      { numRuns: 3000, seed: 8 },
    );
  });

  it('keys named like Object.prototype members stay plain data', () => {
    const text = '[__proto__]\npolluted = 1\n[constructor]\nx = 1\n[env]\n__proto__ = "a"\ntoString = "b"\n[processes]\nconstructor = "run"\n';
    const doc = parseFlyToml(text);
    assert.equal(doc.syntaxError, null);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(Object.prototype.hasOwnProperty.call(doc.data, '__proto__'));
    assert.deepEqual(Object.keys(doc.data!).sort(), ['__proto__', 'constructor', 'env', 'processes']);
    assert.deepEqual(envEntries(doc).map((e) => [e.name, e.value]), [['__proto__', 'a'], ['toString', 'b']]);
    assert.deepEqual(processGroups(doc), ['constructor']);
    assert.deepEqual(lintFlyToml(doc).map((f) => f.code).sort(), ['unknown-key', 'unknown-key']);
    check(text);
    // an absent key is absent, even when Object.prototype has it
    assert.equal(getString(parseFlyToml('app = "a"\n'), ['constructor']), null);
  });

  it('survives deep nesting, huge numbers and odd text', () => {
    for (const text of [
      'x = ' + '['.repeat(20000) + ']'.repeat(20000),
      'x = ' + '{a='.repeat(5000) + '1' + '}'.repeat(5000),
      '[' + 'a.'.repeat(3000) + 'b]\nx = 1\n',
      'kill_timeout = 99999999999999999999\n[deploy]\nwait_timeout = 1e308\n',
      '[[vm]]\nmemory = 1e300\n[[mounts]]\ninitial_size = -5\n',
      '\ufeffapp = "bom"\n',
      'app = "a"\r\n[env]\r\nA = 1\r',
      '\u2028app = 1',
      '',
      '\n\n\n',
      '[env]\n"" = ""\n',
    ]) {
      check(text);
    }
  });
});
