import { strict as assert } from 'node:assert';
import {
  childKeys,
  describeKey,
  envEntries,
  getString,
  lintFlyToml,
  nodeAt,
  parseFlyToml,
  processGroups,
  servingProcessGroups,
} from '../../../../src/core/flytoml';
import type { Range } from '../../../../src/core/types';

const r = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

/** The text a range covers. */
function slice(text: string, range: Range): string {
  const lines = text.split('\n');
  const off = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(off(range.start), off(range.end));
}

describe('flytoml: parse and query', () => {
  it('reads app and primary_region with value ranges', () => {
    const text = 'app = "my-app"\nprimary_region = \'lhr\'\n';
    const doc = parseFlyToml(text);
    assert.equal(doc.syntaxError, null);
    assert.deepEqual(getString(doc, ['app']), { value: 'my-app', range: r(0, 6, 0, 14) });
    assert.deepEqual(getString(doc, ['primary_region']), { value: 'lhr', range: r(1, 17, 1, 22) });
    assert.equal(getString(doc, ['nope']), null);
    assert.equal(getString(doc, ['app', 'x']), null);
  });

  it('reads [[env]] tables as flyctl merges them (the last one holding the key wins)', () => {
    const text = '[[env]]\nFAUNA_ENDPOINT = "https://db.us.fauna.com"\n[[env]]\nFAUNA_ENDPOINT = "https://db.eu.fauna.com"\n[[env]]\nX = "1"\n';
    const doc = parseFlyToml(text);
    assert.deepEqual(getString(doc, ['env', 'FAUNA_ENDPOINT']), { value: 'https://db.eu.fauna.com', range: r(3, 17, 3, 42) });
    assert.equal(getString(doc, ['env', 'Y']), null);
  });

  it('works on a document object it did not make (a copy, or one rebuilt by a host)', () => {
    const text = '[deploy]\nstrategy = "rollin"\n[env]\nFAUNA_SECRET = "x"\n';
    const doc = parseFlyToml(text);
    assert.deepEqual(lintFlyToml({ ...doc }), lintFlyToml(doc));
    assert.deepEqual(envEntries({ ...doc, data: JSON.parse(JSON.stringify(doc.data)) }), envEntries(doc));
  });

  it('counts characters in UTF-16 code units after non-ASCII text', () => {
    // "é" is one UTF-16 unit, "😀" two; VS Code counts the same way.
    const text = '# café 😀\n[env]\n"ключ😀" = "значение"  # ü\nFAUNA_ENDPOINT = "https://db.eu.fauna.com"\n';
    const doc = parseFlyToml(text);
    const ep = getString(doc, ['env', 'FAUNA_ENDPOINT'])!;
    assert.deepEqual(ep.range, r(3, 17, 3, 42));
    const k = getString(doc, ['env', 'ключ😀'])!;
    assert.equal(k.value, 'значение');
    assert.deepEqual(k.range, r(2, 11, 2, 21));
    assert.equal(slice(text, k.range), '"значение"');
  });

  it('reports TOML errors as toml-syntax at the right place, duplicate keys included', () => {
    const cases: Array<[string, number, number]> = [
      ['app = "a"\napp = "b"\n', 1, 0],
      ['[env]\nA = 1\n[env]\n', 2, 1],
      ['[deploy]\nstrategy = "rolling\n', 1, 19],
      ['# ü😀\nx = 1 y\n', 1, 6],
      ['a.b = 1\n[a]\n', 1, 1],
    ];
    for (const [text, line, character] of cases) {
      const doc = parseFlyToml(text);
      assert.equal(doc.ast, null, text);
      assert.equal(doc.data, null, text);
      assert.equal(doc.syntaxError?.code, 'toml-syntax');
      assert.equal(doc.syntaxError?.severity, 'error');
      assert.deepEqual(doc.syntaxError?.range?.start, { line, character }, text);
      assert.deepEqual(lintFlyToml(doc), [doc.syntaxError]);
    }
    assert.equal(parseFlyToml('[env]\nA = 1\nA = 2\n').syntaxError?.message, 'TOML syntax error: Defining a key multiple times is invalid: "A"');
    assert.equal(parseFlyToml('[env]\n[env]\n').syntaxError?.message, 'TOML syntax error: Defining a key multiple times is invalid: "env"');
  });

  it('lists [env] entries in table, [[env]] and inline forms, stringified as flyctl does', () => {
    const text = ['[[env]]', 'A = "x" # note', 'B = 2', '[[env]]', 'C = true', 'D = 1.5', ''].join('\n');
    const doc = parseFlyToml(text);
    const e = envEntries(doc);
    assert.deepEqual(
      e.map((x) => [x.name, x.value]),
      [
        ['A', 'x'],
        ['B', '2'],
        ['C', 'true'],
        ['D', '1.5'],
      ],
    );
    assert.equal(slice(text, e[0].entryRange), 'A = "x" # note\n');
    assert.equal(slice(text, e[0].keyRange), 'A');
    assert.equal(slice(text, e[0].valueRange), '"x"');
    const floats = '[env]\nA = 2.0\nB = 1000000.0\nC = 1000000\nD = 0.00001\nE = 123456.5\nF = [1, "x", true]\nG = 1979-05-27T07:32:00Z\n';
    assert.deepEqual(
      envEntries(parseFlyToml(floats)).map((x) => x.value),
      ['2', '1e+06', '1000000', '1e-05', '123456.5', '[1 x true]', '1979-05-27 07:32:00 +0000 UTC'],
    );
    const inline = 'env = { A = "1", B = "2" }\n';
    const e2 = envEntries(parseFlyToml(inline));
    assert.deepEqual(e2.map((x) => slice(inline, x.entryRange)), ['A = "1", ', ', B = "2"']);
  });

  it('knows process groups and the groups that serve traffic', () => {
    const table: Array<[string, string[], string[] | null]> = [
      ['app = "a"\n', ['app'], null],
      ['[http_service]\ninternal_port = 8080\n', ['app'], ['app']],
      ['[processes]\nweb = "w"\nworker = "k"\n[http_service]\nprocesses = ["web"]\n', ['web', 'worker'], ['web']],
      ['[processes]\nzz = "z"\nbb = "b"\n[[services]]\ninternal_port = 1\n', ['bb', 'zz'], ['bb']],
      ['[processes]\napp = "a"\nw = "w"\n[[services]]\nprocesses = ["w"]\n[http_service]\n', ['app', 'w'], ['app', 'w']],
      ['[[processes]]\nname = "web"\ncommand = "x"\n', ['web'], null],
    ];
    for (const [text, groups, serving] of table) {
      const doc = parseFlyToml(text);
      assert.deepEqual(processGroups(doc), groups, text);
      assert.deepEqual(servingProcessGroups(doc)?.sort() ?? null, serving?.sort() ?? null, text);
    }
  });

  it('finds the key, value or header under a position', () => {
    const text = ['app = "a"', '[[services]]', '  internal_port = 8080', '  [[services.ports]]', '    handlers = ["http", "tls"]', '[env]', 'X = { y = 1 }', ''].join('\n');
    const doc = parseFlyToml(text);
    assert.deepEqual(nodeAt(doc, { line: 0, character: 1 }), { path: ['app'], kind: 'key', range: r(0, 0, 0, 3) });
    assert.deepEqual(nodeAt(doc, { line: 0, character: 7 }), { path: ['app'], kind: 'value', range: r(0, 6, 0, 9) });
    assert.deepEqual(nodeAt(doc, { line: 1, character: 4 }), { path: ['services', '0'], kind: 'table-header', range: r(1, 2, 1, 10) });
    assert.deepEqual(nodeAt(doc, { line: 2, character: 4 })?.path, ['services', '0', 'internal_port']);
    assert.deepEqual(nodeAt(doc, { line: 3, character: 15 })?.path, ['services', '0', 'ports', '0']);
    assert.deepEqual(nodeAt(doc, { line: 3, character: 6 })?.path, ['services', '0']);
    assert.deepEqual(nodeAt(doc, { line: 4, character: 24 }), { path: ['services', '0', 'ports', '0', 'handlers', '1'], kind: 'value', range: r(4, 24, 4, 29) });
    assert.deepEqual(nodeAt(doc, { line: 6, character: 7 }), { path: ['env', 'X', 'y'], kind: 'key', range: r(6, 6, 6, 7) });
    // describeKey takes these concrete paths as they are.
    assert.equal(describeKey(['services', '0', 'ports', '0', 'handlers'])?.type, 'array of strings');
  });
});

describe('flytoml: nodeAt while typing (no AST, or between entries)', () => {
  it('reads the table and the partial key from the lines', () => {
    const text = ['app = "a"', '[[services]]', '  internal_port = 8080', '[[services]]', '  [[services.ports]]', '    hand', '  [services.concurrency]', '    type = ', '', '# [[vm]]', ''].join('\n');
    const doc = parseFlyToml(text);
    assert.notEqual(doc.syntaxError, null); // "hand" and "type = " are not TOML yet
    assert.deepEqual(nodeAt(doc, { line: 5, character: 8 }), { path: ['services', '1', 'ports', '0', 'hand'], kind: 'key', range: r(5, 4, 5, 8) });
    assert.deepEqual(nodeAt(doc, { line: 7, character: 11 }), { path: ['services', '1', 'concurrency', 'type'], kind: 'value', range: r(7, 11, 7, 11) });
    assert.deepEqual(nodeAt(doc, { line: 8, character: 0 }), { path: ['services', '1', 'concurrency', ''], kind: 'key', range: r(8, 0, 8, 0) });
    assert.deepEqual(nodeAt(doc, { line: 4, character: 14 })?.path, ['services', '1', 'ports', '0']);
    assert.deepEqual(nodeAt(doc, { line: 2, character: 5 })?.path, ['services', '0', 'internal_port']);
    assert.equal(nodeAt(doc, { line: 9, character: 3 }), null);
    // the reference takes the path as it is
    assert.deepEqual(describeKey(['services', '1', 'concurrency', 'type'])?.values, ['connections', 'requests']);
  });

  it('gives the table on a blank line of a valid file', () => {
    const text = '[http_service]\n  internal_port = 8080\n\n  force_https = true\n';
    const doc = parseFlyToml(text);
    assert.equal(doc.syntaxError, null);
    assert.deepEqual(nodeAt(doc, { line: 2, character: 0 }), { path: ['http_service', ''], kind: 'key', range: r(2, 0, 2, 0) });
    assert.ok(childKeys(['http_service']).some((k) => k.key === 'auto_stop_machines'));
  });
});

describe('flytoml: key reference', () => {
  it('describes keys by reference and concrete paths', () => {
    const t = describeKey(['services', '*', 'concurrency', 'type'])!;
    assert.deepEqual(t.path, ['services', '*', 'concurrency', 'type']);
    assert.deepEqual(t.values, ['connections', 'requests']);
    assert.equal(describeKey(['vm', 'size'])?.values?.includes('shared-cpu-6x'), true);
    assert.deepEqual(describeKey(['vm', '0', 'size'])?.path, ['vm', '*', 'size']);
    assert.equal(describeKey(['compute'])?.deprecatedAlias, true);
    assert.equal(describeKey(['build', 'build_target'])?.deprecatedAlias, true);
    assert.equal(describeKey(['checks', 'status', 'type'])?.path.join('.'), 'checks.*.type');
    assert.equal(describeKey(['env', 'FOO'])?.key, 'FOO');
    assert.equal(describeKey(['http_service', 'auto_stop_machines'])?.values?.join(), 'off,stop,suspend');
    assert.equal(describeKey(['http_service', 'checks', '*', 'processes']), null);
    assert.equal(describeKey(['nope']), null);
    assert.equal(describeKey(['services', '0'])?.key, 'services');
    assert.equal(describeKey(['services', '0', 'ports', '0', 'handlers', '1'])?.key, 'handlers');
    assert.equal(describeKey(['experimental', 'cmd', '0'])?.type, 'string or array of strings');
    assert.equal(describeKey(['app', '0']), null);
  });

  it('lists the keys valid in a table', () => {
    const top = childKeys([]).map((k) => k.key);
    for (const k of ['app', 'primary_region', 'http_service', 'services', 'vm', 'mounts', 'env', 'checks', 'restart', 'machine_checks', 'container', 'machine_config']) assert.ok(top.includes(k), k);
    assert.deepEqual(
      childKeys(['services', '*', 'ports']).map((k) => k.key).sort(),
      ['end_port', 'force_https', 'handlers', 'http_options', 'port', 'proxy_proto_options', 'start_port', 'tls_options'],
    );
    assert.deepEqual(childKeys(['services', '*', 'ports']).map((k) => k.path.join('.'))[0], 'services.*.ports.*.port');
    assert.deepEqual(childKeys(['checks', 'x']).map((k) => k.key).includes('port'), true);
    assert.deepEqual(childKeys(['env']), []);
  });
});
