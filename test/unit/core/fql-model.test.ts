import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { FqlValue } from '../../../src/core/fql/value';
import {
  TaggedFormatError,
  childrenOf,
  decodeTagged,
  shortText,
  toPlain,
  typeName,
} from '../../../src/core/fql/value';
import {
  appendPage,
  cell,
  readSuccess,
  resultJson,
  statsLine,
  tableOf,
} from '../../../src/core/fql/result';
import {
  displayEndpoint,
  explainFailure,
  isHostedFauna,
  redact,
  summaryNotes,
  summaryPosition,
} from '../../../src/core/fql/errors';
import { parseArgFlags, parseArgumentsJson } from '../../../src/core/fql/args';
import { exportCsv, exportJson } from '../../../src/core/fql/export';
import { parseFromWebview, pushHistory } from '../../../src/core/fql/protocol';

const doc = (id: string, fields: Record<string, unknown>) => ({
  '@doc': { id, coll: { '@mod': 'Product' }, ts: { '@time': '2025-01-01T00:00:00Z' }, ...fields },
});

describe('core/fql value: tagged decoding and plain JSON', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['int', { '@int': '7' }, 7],
    ['long within 2^53', { '@long': '9007199254740991' }, 9007199254740991],
    ['long beyond 2^53 keeps its digits', { '@long': '9007199254740993' }, '9007199254740993'],
    ['double', { '@double': '1.5' }, 1.5],
    ['time', { '@time': '2024-01-01T00:00:00Z' }, '2024-01-01T00:00:00Z'],
    ['date', { '@date': '2024-01-01' }, '2024-01-01'],
    ['module', { '@mod': 'Collection' }, 'Collection'],
    ['object escape', { '@object': { '@weird': { '@int': '1' } } }, { '@weird': 1 }],
    [
      'document',
      doc('1', { name: 'A', price: { '@int': '5' } }),
      { id: '1', coll: 'Product', ts: '2025-01-01T00:00:00Z', name: 'A', price: 5 },
    ],
    [
      'named document',
      { '@doc': { name: 'Product', coll: { '@mod': 'Collection' }, ts: { '@time': 't' } } },
      { name: 'Product', coll: 'Collection', ts: 't' },
    ],
    [
      'null document',
      { '@ref': { id: '9', coll: { '@mod': 'Product' }, exists: false, cause: 'not found' } },
      { id: '9', coll: 'Product', exists: false, cause: 'not found' },
    ],
    ['set page', { '@set': { data: [{ '@int': '1' }], after: 'c1' } }, { data: [1], after: 'c1' }],
    ['last page', { '@set': { data: [] } }, { data: [], after: null }],
    ['embedded set', { '@set': 'cur' }, { after: 'cur' }],
    ['nested', { a: [{ '@int': '1' }, null, true, 's'] }, { a: [1, null, true, 's'] }],
  ];
  for (const [name, tagged, plain] of cases) {
    it(name, () => assert.deepEqual(toPlain(decodeTagged(tagged)), plain));
  }

  it('rejects malformed tags with TaggedFormatError', () => {
    for (const bad of [{ '@int': 5 }, { '@int': 'x' }, { '@set': 3 }, { '@doc': { id: '1' } }]) {
      assert.throws(() => decodeTagged(bad), TaggedFormatError, JSON.stringify(bad));
    }
  });

  it('never throws anything but TaggedFormatError on any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (j) => {
        try {
          const v = decodeTagged(j);
          toPlain(v);
          shortText(v);
          typeName(v);
          childrenOf(v);
        } catch (e) {
          assert.ok(e instanceof TaggedFormatError, String(e));
        }
      }),
    );
  });

  it('shortText caps its length and renders values as FQL-ish text', () => {
    assert.equal(shortText(decodeTagged(doc('1', {}))), 'Product("1")');
    assert.equal(shortText(decodeTagged({ '@time': 'T' })), 'Time("T")');
    assert.ok(shortText('x'.repeat(500), 50).length <= 50);
    // A null document says why: the core's cause (MaterializedValue.scala:75-81).
    const ref = (cause?: string) =>
      decodeTagged({
        '@ref': {
          id: '1',
          coll: { '@mod': 'Product' },
          exists: false,
          ...(cause ? { cause } : {}),
        },
      });
    assert.equal(shortText(ref('permission denied')), 'Product("1") /* permission denied */');
    assert.equal(shortText(ref()), 'Product("1") /* not found */');
  });
});

describe('core/fql result: table, stats, paging', () => {
  const body = {
    data: {
      '@set': {
        data: [doc('1', { name: 'A' }), doc('2', { name: 'B', extra: true })],
        after: 'next',
      },
    },
    static_type: 'Set<Product>',
    summary: '',
    txn_ts: 1700000000000000,
    stats: { compute_ops: 1, read_ops: 2, write_ops: 0, query_time_ms: 3, bogus: 'x' },
  };

  it('reads a success body', () => {
    const r = readSuccess(body);
    assert.equal(r.staticType, 'Set<Product>');
    assert.equal(r.after, 'next');
    assert.deepEqual(r.stats, { compute_ops: 1, read_ops: 2, write_ops: 0, query_time_ms: 3 });
    assert.deepEqual(resultJson(r).data, {
      data: [
        { id: '1', coll: 'Product', ts: '2025-01-01T00:00:00Z', name: 'A' },
        { id: '2', coll: 'Product', ts: '2025-01-01T00:00:00Z', name: 'B', extra: true },
      ],
      after: 'next',
    });
  });

  it('builds a table of documents with id, coll, ts first', () => {
    const t = tableOf(readSuccess(body).data)!;
    assert.deepEqual(t.columns, ['id', 'coll', 'ts', 'name', 'extra']);
    assert.equal(cell(t.rows[0], 'extra'), undefined);
    assert.equal(cell(t.rows[1], 'extra'), true);
  });

  it('has no table for scalars or mixed arrays', () => {
    assert.equal(tableOf(decodeTagged({ '@int': '1' })), null);
    assert.equal(tableOf(decodeTagged([{ a: 1 }, 2])), null);
    assert.deepEqual(tableOf(decodeTagged([{ a: 1 }, { b: 2 }]))?.columns, ['a', 'b']);
  });

  it('appends the next page', () => {
    const first = readSuccess(body);
    const next = readSuccess({ ...body, data: { '@set': { data: [doc('3', {})] } }, txn_ts: 2 });
    const both = appendPage(first, next);
    assert.equal((both.data as { data: FqlValue[] }).data.length, 3);
    assert.equal(both.after, null);
    assert.equal(both.txnTs, 2);
  });

  it('writes the stats line', () => {
    assert.equal(
      statsLine({ query_time_ms: 3, read_ops: 2, write_ops: 1, compute_ops: 4 }, 17),
      '3 ms · read 2 · write 1 · compute 4 · txn_ts 17',
    );
  });
});

describe('core/fql errors', () => {
  const summary = [
    'error: Unbound variable `foo`',
    'at *query*:2:3',
    '  |',
    '2 |   foo.bar()',
    '  |   ^^^',
    '  |',
    'hint: a hint',
    'at *udf:f*:1:1',
  ].join('\n');

  it('finds the 0-based position and length in a summary, skipping UDF places', () => {
    assert.deepEqual(summaryPosition(summary), { line: 1, character: 2, length: 3 });
    assert.deepEqual(
      summaryNotes(summary).map((n) => n.message),
      ['Unbound variable `foo`'],
    );
    assert.equal(summaryPosition(''), null);
    assert.equal(summaryPosition('error: x\nat *udf:f*:1:12'), null);
  });

  it('reads log() lines and other heads (performance hints) as notes', () => {
    const notes = summaryNotes(
      'info at *query*:2: hello world\n\ninfo at *udf:f*:1: not ours\n\nperformance_hint: full_set_read - use an index\nat *query*:1:9\n  |\n1 | Product.all().count()\n  |         ^^^^^\n  |',
    );
    assert.deepEqual(notes, [
      {
        severity: 'info',
        message: 'hello world',
        position: { line: 1, character: 0, length: 1 },
        wholeLine: true,
      },
      {
        severity: 'info',
        message: 'full_set_read - use an index',
        position: { line: 0, character: 8, length: 5 },
      },
    ]);
  });

  it('words each failure kind', () => {
    const ep = 'http://localhost:8443';
    const cases: Array<[Parameters<typeof explainFailure>[0], RegExp]> = [
      [{ kind: 'no_secret', endpoint: ep }, /FAUNA_SECRET.*\.env.*Set Fauna Secret/],
      [
        { kind: 'service', endpoint: ep, code: 'unauthorized', httpStatus: 401 },
        /refused by http:\/\/localhost:8443/,
      ],
      [
        { kind: 'network', endpoint: 'https://db.fauna.com', detail: 'ENOTFOUND' },
        /ended on 2025-05-30.*--endpoint http:\/\/localhost:8443/,
      ],
      [{ kind: 'network', endpoint: ep, detail: 'ECONNREFUSED' }, /connection refused/],
      [
        { kind: 'network', endpoint: 'http://nowhere.invalid', detail: 'ENOTFOUND' },
        /does not resolve/,
      ],
      [{ kind: 'too_large', endpoint: ep, limitBytes: 64 * 1024 * 1024 }, /larger than 64 MB/],
      [{ kind: 'service', endpoint: ep, code: 'limit_exceeded', attempts: 2 }, /retried 2/],
      [
        {
          kind: 'service',
          endpoint: ep,
          code: 'permission_denied',
          httpStatus: 400,
          serverMessage: 'Insufficient privileges to perform the action.',
        },
        /^Permission denied: Insufficient privileges to perform the action\. The secret's role/,
      ],
    ];
    for (const [facts, re] of cases) assert.match(explainFailure(facts).message, re, facts.kind);
  });

  it('knows the hosted endpoints', () => {
    assert.ok(isHostedFauna('https://db.fauna.com'));
    assert.ok(isHostedFauna('https://db.us.fauna.com:443/'));
    assert.ok(!isHostedFauna('http://localhost:8443'));
  });

  it('never shows credentials in an endpoint', () => {
    assert.equal(
      displayEndpoint('https://user:pw@db.example.com:8443/x?token=t#f'),
      'https://db.example.com:8443/x',
    );
    assert.equal(displayEndpoint('http://localhost:8443/'), 'http://localhost:8443');
    const e = explainFailure({
      kind: 'network',
      endpoint: 'http://admin:hunter2@10.0.0.5:8443',
      detail: 'ECONNREFUSED',
    });
    assert.ok(!e.message.includes('hunter2'), e.message);
    assert.match(e.message, /http:\/\/10\.0\.0\.5:8443/);
  });

  it('redacts a secret', () => {
    assert.equal(redact('a fnSECRET b', 'fnSECRET'), 'a «secret» b');
    assert.equal(
      redact('a fnSECRET:@role/x b fnSECRET c', 'fnSECRET:@role/x'),
      'a «secret» b «secret» c',
    );
    assert.equal(redact('role x', 'fnSECRET:@role/x'), 'role x');
  });
});

describe('core/fql args', () => {
  it('parses --arg NAME=JSON', () => {
    assert.deepEqual(parseArgFlags(['n=10', 's="x"', 'o={"a":[1]}']), {
      ok: true,
      value: { n: 10, s: 'x', o: { a: [1] } },
    });
  });
  const bad: Array<[string[], RegExp]> = [
    [['n'], /must be NAME=JSON/],
    [['=1'], /must be NAME=JSON/],
    [['1x=1'], /not a valid argument name/],
    [['let=1'], /reserved word/],
    [['s=hello'], /not valid JSON.*strings need quotes/],
  ];
  for (const [flags, re] of bad) {
    it(`rejects ${flags.join(' ')}`, () => {
      const r = parseArgFlags(flags);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error, re);
    });
  }
  it('parses the view box', () => {
    assert.deepEqual(parseArgumentsJson('  '), { ok: true, value: {} });
    assert.equal(parseArgumentsJson('[1]').ok, false);
    assert.equal(parseArgumentsJson('{"a":').ok, false);
    assert.equal(parseArgumentsJson('{"if": 1}').ok, false);
  });
});

describe('core/fql export', () => {
  it('writes CSV with quoting and formula guards', () => {
    const v = decodeTagged([
      { a: 'x,y', b: '=cmd()' },
      { a: 'say "hi"', c: { '@int': '2' }, d: [1] },
    ]);
    assert.equal(exportCsv(v), 'a,b,c,d\r\n"x,y",\'=cmd(),,\r\n"say ""hi""",,2,[1]\r\n');
  });
  it('writes a value column for scalars, and JSON', () => {
    assert.equal(exportCsv(decodeTagged({ '@int': '3' })), 'value\r\n3\r\n');
    assert.equal(exportJson(decodeTagged({ '@date': '2024-01-01' })), '"2024-01-01"\n');
  });
});

describe('core/fql protocol validation', () => {
  const good = [
    { type: 'ready' },
    { type: 'run', requestId: 'r1', query: '1', arguments: '', typecheck: false },
    { type: 'cancel', requestId: 'r1' },
    { type: 'loadMore', requestId: 'r-2' },
    { type: 'export', format: 'csv' },
    { type: 'copy', format: 'json' },
    { type: 'setSecret' },
  ];
  for (const m of good) it(`accepts ${m.type}`, () => assert.deepEqual(parseFromWebview(m), m));
  const bad: unknown[] = [
    null,
    'ready',
    [],
    { type: 'nope' },
    { type: 'run', requestId: 'r1', query: 1, arguments: '', typecheck: false },
    { type: 'run', requestId: '../x', query: '1', arguments: '', typecheck: false },
    {
      type: 'run',
      requestId: 'r1',
      query: 'x'.repeat((1 << 20) + 1),
      arguments: '',
      typecheck: false,
    },
    { type: 'run', requestId: 'r1', query: '1', arguments: '', typecheck: 'yes' },
    { type: 'export', format: 'xml' },
    { type: 'cancel' },
  ];
  bad.forEach((m, i) =>
    it(`rejects malformed message ${i}`, () => assert.equal(parseFromWebview(m), null)),
  );
  it('drops extra fields', () => {
    assert.deepEqual(parseFromWebview({ type: 'copy', format: 'csv', evil: 1 }), {
      type: 'copy',
      format: 'csv',
    });
  });
  it('keeps history newest first without duplicates', () => {
    assert.deepEqual(pushHistory(['b', 'a'], ' a '), ['a', 'b']);
    assert.deepEqual(pushHistory(['a'], '   '), ['a']);
    assert.equal(
      pushHistory(
        Array.from({ length: 200 }, (_, i) => String(i)),
        'x',
      ).length,
      100,
    );
  });
});
