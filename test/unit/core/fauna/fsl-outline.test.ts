import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FslOutlineItem } from '../../../../src/core/fauna/fsl-outline';
import { fslOutline } from '../../../../src/core/fauna/fsl-outline';

const FIXTURES = path.join(__dirname, '../../../fixtures/fsl');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** kind name [detail] startLine:char-endLine:char, children indented. */
function tree(items: FslOutlineItem[], pad = ''): string[] {
  return items.flatMap((i) => [
    `${pad}${i.kind} ${i.name}${i.detail ? ` [${i.detail}]` : ''} ` +
      `${i.range.start.line}:${i.range.start.character}-${i.range.end.line}:${i.range.end.character}`,
    ...tree(i.children, pad + '  '),
  ]);
}

function nameAt(text: string, i: FslOutlineItem): string {
  const line = text.split('\n')[i.nameRange.start.line];
  return line.slice(i.nameRange.start.character, i.nameRange.end.character);
}

describe('core fsl outline: fixtures from the core', () => {
  it('driver-schema-1.fsl: fields with types, an index and its values, migration steps', () => {
    const text = fixture('driver-schema-1.fsl');
    const out = fslOutline(text);
    assert.deepEqual(tree(out), [
      'collection test_schema 1:0-23:1',
      '  field v1_string [String] 2:2-2:19',
      '  field v1_number [Number] 3:2-3:23',
      '  field v1_boolean [Boolean] 4:2-4:29',
      '  field v1_twotypes [String | Number] 5:2-5:30',
      '  field v1_conflicts [{ *: Any }?] 6:2-6:27',
      '  index IndexOneField 8:2-10:3',
      '    values values [[.v1_string]] 9:4-9:23',
      '  migrations migrations 12:2-22:3',
      '    migration add [.v1_string] 13:4-13:18',
      '    migration backfill [.v1_string = "backfilled at v1"] 14:4-14:44',
      '    migration add [.v1_number] 15:4-15:18',
      '    migration add [.v1_boolean] 16:4-16:19',
      '    migration add [.v1_twotypes] 17:4-17:20',
      '    migration backfill [.v1_twotypes = "backfilled at v1"] 18:4-18:46',
      '    migration add [.v1_conflicts] 19:4-19:21',
      '    migration move_conflicts [.v1_conflicts] 20:4-20:32',
      '    migration move_wildcard [.v1_conflicts] 21:4-21:31',
    ]);
    assert.deepEqual(out[0].nameRange, {
      start: { line: 1, character: 11 },
      end: { line: 1, character: 22 },
    });
    for (const c of out[0].children) {
      assert.equal(nameAt(text, c), c.name);
      for (const g of c.children) assert.equal(nameAt(text, g), g.name);
    }
  });

  it('driver-schema-2.fsl: drop, move and split steps in the migrations block', () => {
    const text = fixture('driver-schema-2.fsl');
    assert.deepEqual(tree(fslOutline(text)), [
      'collection test_schema 1:0-30:1',
      '  field v2_string [String] 2:2-2:19',
      '  field v2_int [Int] 3:2-3:17',
      '  field v2_boolean [Boolean] 4:2-4:29',
      '  field v2_twotypes [String | Number] 5:2-5:30',
      '  index IndexOneField 7:2-9:3',
      '    values values [[.v2_string]] 8:4-8:23',
      '  migrations migrations 11:2-29:3',
      '    migration add [.v1_string] 12:4-12:18',
      '    migration backfill [.v1_string = "backfilled at v1"] 13:4-13:44',
      '    migration add [.v1_number] 14:4-14:18',
      '    migration add [.v1_boolean] 15:4-15:19',
      '    migration add [.v1_twotypes] 16:4-16:20',
      '    migration backfill [.v1_twotypes = "backfilled at v1"] 17:4-17:46',
      '    migration add [.v1_conflicts] 18:4-18:21',
      '    migration move_conflicts [.v1_conflicts] 19:4-19:32',
      '    migration move_wildcard [.v1_conflicts] 20:4-20:31',
      // Blank lines between steps are not steps.
      '    migration drop [.v1_conflicts] 22:4-22:22',
      '    migration move [.v1_string -> .v2_string] 24:4-24:33',
      '    migration split [.v1_number -> .v2_int, .garbage] 25:4-25:41',
      '    migration drop [.garbage] 26:4-26:17',
      '    migration move [.v1_boolean -> .v2_boolean] 27:4-27:35',
      '    migration move [.v1_twotypes -> .v2_twotypes] 28:4-28:37',
    ]);
  });

  it('parser-spec.fsl: @alias, terms and values, unique, settings, compute, checks, every action', () => {
    const text = fixture('parser-spec.fsl');
    const out = fslOutline(text);
    assert.deepEqual(tree(out), [
      // The collection starts at its annotation; the annotation is not an item.
      'collection Foo 1:0-14:1',
      '  index byBar 3:2-6:3',
      // The lists as written: mva() and desc() kept.
      '    terms terms [[.bar, mva(.baz)]] 4:4-4:27',
      '    values values [[desc(mva(.buz))]] 5:4-5:28',
      '  unique [.bar, mva(.baz)] 7:2-7:26',
      '  setting history_days [32] 8:2-8:17',
      '  setting ttl_days [33] 9:2-9:13',
      '  setting document_ttls [true] 10:2-10:20',
      '  computedField bar [String] 11:2-11:50',
      '  check a 12:2-12:27',
      '  check b 13:2-13:19',
      'role Foo 16:0-28:1',
      '  privileges Bar 17:2-27:3',
      // The nine actions of SchemaItemConverter.scala :777-791.
      '    action create 18:4-18:10',
      '    action create_with_id 19:4-19:18',
      '    action delete 20:4-20:10',
      '    action read 21:4-21:8',
      '    action write 22:4-22:9',
      '    action history_read 23:4-23:16',
      '    action history_write 24:4-24:17',
      '    action unrestricted_read 25:4-25:21',
      '    action call 26:4-26:8',
    ]);
    assert.deepEqual(out[0].annotations, ['@alias(Bar)']);
    assert.equal(nameAt(text, out[0]), 'Foo');
    assert.equal(nameAt(text, out[1].children[0]), 'Bar');
  });
});

describe('core fsl outline: every item kind', () => {
  const text = [
    '@role(server) @alias(Create)',
    'function createOrder(customer: Ref<Customer>, ...items: Array<String>): Order {',
    '  let o = Order.create({ customer: customer, note: "}" })',
    '  if (o == null) { abort("no") }',
    '  o',
    '}',
    'function shape(): { a: Int } { { a: 1 } }',
    'role customer {',
    '  privileges Order { read; write { predicate ((o, n) => o.customer == Query.identity()) } }',
    '  membership Customer {',
    '    predicate ((c) => c.active)',
    '  }',
    '  membership Admin',
    '}',
    'access provider auth0 {',
    '  issuer "https://example.auth0.com/"',
    "  jwks_uri 'https://example.auth0.com/.well-known/jwks.json'",
    '  role customer',
    '  role manager { predicate ((jwt) => jwt!.scope.includes("manager")) }',
    '}',
    'collection Order {',
    '  *: Any',
    '  "0weird": Int = 3',
    '  index: Int',
    '  status = "cart"',
    '  compute total: Number = (o) => {',
    '    o.items.reduce((a, b) => a + b.price, 0)',
    '  }',
    '  check positive ((o) => {',
    '    o.total >= 0',
    '  })',
    '}',
  ].join('\n');

  it('functions, roles, access providers and collection members', () => {
    const out = fslOutline(text);
    assert.deepEqual(tree(out), [
      'function createOrder [(customer: Ref<Customer>, ...items: Array<String>): Order] 0:0-5:1',
      'function shape [(): { a: Int }] 6:0-6:41',
      'role customer 7:0-13:1',
      '  privileges Order 8:2-8:91',
      // `;` separates actions on one line; a predicate block is a child of its action.
      '    action read 8:21-8:25',
      '    action write [predicate] 8:27-8:89',
      '      predicate predicate [((o, n) => o.customer == Query.identity())] 8:35-8:87',
      '  membership Customer [predicate] 9:2-11:3',
      '    predicate predicate [((c) => c.active)] 10:4-10:31',
      '  membership Admin 12:2-12:18',
      'accessProvider auth0 14:0-19:1',
      '  issuer issuer ["https://example.auth0.com/"] 15:2-15:37',
      "  jwksUri jwks_uri ['https://example.auth0.com/.well-known/jwks.json'] 16:2-16:60",
      '  providerRole customer 17:2-17:15',
      '  providerRole manager 18:2-18:70',
      'collection Order 20:0-31:1',
      '  wildcard * [Any] 21:2-21:8',
      '  field "0weird" [Int] 22:2-22:19',
      '  field index [Int] 23:2-23:12',
      '  field status 24:2-24:17',
      '  computedField total [Number] 25:2-27:3',
      '  check positive 28:2-30:4',
    ]);
    assert.deepEqual(out[0].annotations, ['@role(server)', '@alias(Create)']);
    assert.equal(nameAt(text, out[0]), 'createOrder');
    assert.equal(nameAt(text, out[3]), 'auth0');
  });

  it('positions count lines as VS Code does: \\r\\n, and a lone \\r too', () => {
    const lf = tree(fslOutline(text));
    assert.deepEqual(tree(fslOutline(text.replace(/\n/g, '\r\n'))), lf);
    // A lone \r separates items but not members (SchemaItemParser.scala:99 and :101), so
    // only the top-level items keep their shape; their lines are VS Code's.
    const top = (t: string[]) => t.filter((l) => !l.startsWith(' '));
    assert.deepEqual(top(tree(fslOutline(text.replace(/\n/g, '\r')))), top(lf));
  });
});

describe('core fsl outline: members of members', () => {
  const text = [
    'collection P {',
    '  index a { terms [.name, mva(.tags)] values [desc(.price), .name] }',
    '  index b {',
    '    terms [',
    '      .x,',
    '      .y',
    '    ]',
    '    junk 3',
    '    values [asc(.z)]',
    '  }',
    '  migrations {',
    '    split .a ->',
    '      .b,',
    '      .c',
    '    add_wildcard',
    '    backfill .n = {',
    '      x: 1',
    '    }',
    '    bogus .q',
    '  }',
    '}',
    'role R {',
    '  privileges P { read; bogus; write { predicate ((o, n) => o.a == n.a && o.b == n.b && o.c == n.c && o.d == n.d) } }',
    '  membership M {',
    '    predicate ((m) => m.ok)',
    '  }',
    '  privileges Q { call { predicate ((',
  ].join('\n');

  it('lists on one line or several, steps over several lines, unknown members skipped, a long predicate cut, an unclosed action', () => {
    const out = fslOutline(text);
    assert.deepEqual(tree(out), [
      'collection P 0:0-20:1',
      '  index a 1:2-1:68',
      // Both lists, though the core wants a newline between them.
      '    terms terms [[.name, mva(.tags)]] 1:12-1:37',
      '    values values [[desc(.price), .name]] 1:38-1:66',
      '  index b 2:2-9:3',
      '    terms terms [[.x, .y]] 3:4-6:5',
      // `junk 3` is not an index member (SchemaItemConverter.scala :434-435).
      '    values values [[asc(.z)]] 8:4-8:20',
      '  migrations migrations 10:2-19:3',
      // A step continues after `->` and `,`; `bogus` is not a step.
      '    migration split [.a -> .b, .c] 11:4-13:8',
      '    migration add_wildcard 14:4-14:16',
      '    migration backfill [.n = { x: 1 }] 15:4-17:5',
      'role R 21:0-26:36',
      '  privileges P 22:2-22:116',
      '    action read 22:17-22:21',
      '    action write [predicate] 22:30-22:114',
      '      predicate predicate [((o, n) => o.a == n.a && o.b == n.b && o.c == n.c && o.d ==…] 22:38-22:112',
      '  membership M [predicate] 23:2-25:3',
      '    predicate predicate [((m) => m.ok)] 24:4-24:27',
      // Unclosed: each level runs to the end of the file.
      '  privileges Q 26:2-26:36',
      '    action call [predicate] 26:17-26:36',
      '      predicate predicate [((] 26:24-26:36',
    ]);
    const names = (items: FslOutlineItem[]): string[] =>
      items.flatMap((i) => [nameAt(text, i), ...names(i.children)]);
    assert.deepEqual(names(out[0].children[2].children), ['split', 'add_wildcard', 'backfill']);
    assert.deepEqual(names(out[1].children), [
      'P',
      'read',
      'write',
      'predicate',
      'M',
      'predicate',
      'Q',
      'call',
      'predicate',
    ]);
  });
});

describe('core fsl outline: broken input never throws', () => {
  it('an unclosed brace runs the item to the end of the file', () => {
    const text = 'collection A {\n  a: Int\n  index byA {\n    terms [.a]\n';
    assert.deepEqual(tree(fslOutline(text)), [
      'collection A 0:0-4:0',
      '  field a [Int] 1:2-1:8',
      '  index byA 2:2-4:0',
      '    terms terms [[.a]] 3:4-3:14',
    ]);
    assert.deepEqual(tree(fslOutline('function f() {\n  1 +')), ['function f [()] 0:0-1:5']);
  });

  it('a stray } is skipped and the next item is found', () => {
    const text = '}\ncollection A { a: Int }\n}}\nrole R {}\n';
    assert.deepEqual(tree(fslOutline(text)), [
      'collection A 1:0-1:23',
      '  field a [Int] 1:15-1:21',
      'role R 3:0-3:9',
    ]);
  });

  it('comments containing items are not items', () => {
    const text = [
      '// collection X {',
      '/* collection Y { /* nested */ role Z {} */',
      'collection A {',
      '  // index hidden { }',
      '  a: Int // }',
      '}',
    ].join('\n');
    assert.deepEqual(tree(fslOutline(text)), ['collection A 2:0-5:1', '  field a [Int] 4:2-4:8']);
  });

  it('a } inside a string does not close the body', () => {
    const text = [
      'function f() {',
      '  "}" + \'}\' + "#{ "}" }"',
      '}',
      'collection A { compute b = (d) => "}{" }',
    ].join('\n');
    assert.deepEqual(tree(fslOutline(text)), [
      'function f [()] 0:0-2:1',
      'collection A 3:0-3:40',
      '  computedField b 3:15-3:38',
    ]);
  });

  it('missing names, unknown words and garbage give partial results', () => {
    assert.deepEqual(tree(fslOutline('collection {\n  a: Int\n}')), [
      'collection  0:0-2:1',
      '  field a [Int] 1:2-1:8',
    ]);
    assert.deepEqual(tree(fslOutline('collection')), ['collection  0:0-0:10']);
    assert.deepEqual(tree(fslOutline('access provider')), ['accessProvider  0:0-0:15']);
    assert.deepEqual(tree(fslOutline('junk ( [ \n role R {}')), []);
    assert.deepEqual(tree(fslOutline('"unclosed\nrole R {}')), ['role R 1:0-1:9']);
    for (const s of ['', '@', '@alias(', '{', '/*', '"', 'function f(', 'role R { privileges']) {
      assert.doesNotThrow(() => fslOutline(s), s);
    }
  });
});

describe('core fsl outline: every prefix of every fixture', () => {
  const before = (a: { line: number; character: number }, b: typeof a) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  const inside = (inner: FslOutlineItem['range'], outer: FslOutlineItem['range']) =>
    before(outer.start, inner.start) && before(inner.end, outer.end);
  function check(items: FslOutlineItem[], parent: FslOutlineItem | null, where: string): void {
    for (const i of items) {
      // VS Code refuses a DocumentSymbol whose selection is outside its range.
      assert.ok(inside(i.nameRange, i.range), `${where}: ${i.kind} ${i.name} name outside`);
      if (parent) assert.ok(inside(i.range, parent.range), `${where}: ${i.name} outside parent`);
      check(i.children, i, where);
    }
  }
  const files = [
    ...fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.fsl'))
      .map((f) => path.join(FIXTURES, f)),
    // The host test's schema: functions, roles and access providers too.
    path.join(__dirname, '../../../vscode/workspaces/app/outline/shop.fsl'),
    // Its second schema: index lists, migration steps, actions and predicates.
    path.join(__dirname, '../../../vscode/workspaces/app/outline/members.fsl'),
  ];
  for (const file of files) {
    it(`${path.basename(file)}: no throw, names inside ranges, children inside parents`, () => {
      const text = fs.readFileSync(file, 'utf8');
      for (let n = 0; n <= text.length; n++) check(fslOutline(text.slice(0, n)), null, `${n}`);
      // Cut in the middle too: the end of the file without its start.
      for (let n = 0; n <= text.length; n += 7) check(fslOutline(text.slice(n)), null, `-${n}`);
    });
  }
});
