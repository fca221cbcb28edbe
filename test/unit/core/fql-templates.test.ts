import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  findFqlTemplates,
  literalJson,
  templateKey,
  templateQuery,
} from '../../../src/core/fql/templates';

const bodies = (text: string) =>
  findFqlTemplates(text).map((t) => text.slice(t.bodyStart, t.bodyEnd));

describe('core/fql templates', () => {
  it('finds fql templates and their ${} expressions', () => {
    const text = 'const q = fql`Product.byId(${id}).update({ n: ${n + 1} })`;\n';
    const [t] = findFqlTemplates(text);
    assert.equal(text.slice(t.start, t.end), 'fql`Product.byId(${id}).update({ n: ${n + 1} })`');
    assert.deepEqual(t.rawParts, ['Product.byId(', ').update({ n: ', ' })']);
    assert.deepEqual(
      t.args.map((a) => [a.expr, a.name, text.slice(a.start, a.end)]),
      [
        ['id', 'id', '${id}'],
        ['n + 1', 'arg0', '${n + 1}'],
      ],
    );
    assert.equal(templateQuery(t).query, 'Product.byId(id).update({ n: arg0 })');
  });

  it('skips comments, strings, regex literals and untagged or member templates', () => {
    const text = [
      '// fql`in a line comment`',
      '/* fql`in a block` */',
      'const s = "fql`in a string`" + \'fql`too`\';',
      'const r = /fql`[`]/g;',
      'const u = `fql\\`x\\``;',
      'const m = obj.fql`member tag`;',
      'const d = a / b / fql`after division`;',
      'const ok = fql `spaced`;',
    ].join('\n');
    assert.deepEqual(bodies(text), ['after division', 'spaced']);
  });

  it('handles nested templates and braces inside ${}, escaped backticks and nested fql', () => {
    const text = 'fql`let x = ${ cond ? `a${ {k: 1}.k }b` : fql`inner ${y}` } \\` done ${"}"}`';
    const ts = findFqlTemplates(text);
    assert.equal(ts.length, 2);
    assert.equal(text.slice(ts[1].bodyStart, ts[1].bodyEnd), 'inner ${y}');
    assert.deepEqual(
      ts[0].args.map((a) => a.expr),
      ['cond ? `a${ {k: 1}.k }b` : fql`inner ${y}`', '"}"'],
    );
    const q = templateQuery(ts[0]);
    assert.equal(q.query, 'let x = arg0 ` done arg1');
    // The backtick in the query is the escaped one in the text (2 characters).
    const bt = q.query.indexOf('`');
    const span = q.toDocument(bt, bt + 1);
    assert.equal(text.slice(span.start, span.end), '\\`');
  });

  it('maps query spans back to the document, an argument name to its whole ${}', () => {
    const text = 'await client.query(fql`\n  Product.byId(${ "1" })\n    .foo\n`)';
    const [t] = findFqlTemplates(text);
    const q = templateQuery(t);
    assert.equal(q.query, '\n  Product.byId(arg0)\n    .foo\n');
    const foo = q.offsetAt(2, 5);
    const d = q.toDocument(foo, foo + 3);
    assert.equal(text.slice(d.start, d.end), 'foo');
    const a = q.query.indexOf('arg0');
    const da = q.toDocument(a, a + 4);
    assert.equal(text.slice(da.start, da.end), '${ "1" }');
    assert.equal(t.args[0].prefill, '"1"');
  });

  it('reuses a repeated identifier and never collides with one', () => {
    const [t] = findFqlTemplates('fql`${arg0} ${x.y} ${arg0} ${if}`');
    assert.deepEqual(
      t.args.map((a) => a.name),
      ['arg0', 'arg1', 'arg0', 'arg2'],
    );
    assert.deepEqual(templateQuery(t).names, ['arg0', 'arg1', 'arg2']);
  });

  it('prefills literals as JSON', () => {
    assert.equal(literalJson('42'), '42');
    assert.equal(literalJson('-1.5'), '-1.5');
    assert.equal(literalJson("'it\\'s \"q\"'"), '"it\'s \\"q\\""');
    assert.equal(literalJson('`plain`'), '"plain"');
    assert.equal(literalJson('[1, "a", null]'), '[1, "a", null]');
    assert.equal(literalJson('{"a": true}'), '{"a": true}');
    assert.equal(literalJson('id'), null);
    assert.equal(literalJson('`x${y}`'), null);
    assert.equal(literalJson('undefined'), null);
  });

  it('marks an unterminated template and keys templates by text', () => {
    const text = 'fql`a` + fql`b';
    const ts = findFqlTemplates(text);
    assert.deepEqual(
      ts.map((t) => t.terminated),
      [true, false],
    );
    assert.notEqual(templateKey(ts[0], text), templateKey(ts[1], text));
    assert.equal(templateKey(ts[0], text), templateKey(findFqlTemplates(' fql`a`')[0], ' fql`a`'));
  });

  it('never throws, and every template lies within the text, for any input', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[fql`${}\\/*'"\n a-z]*$/), (text) => {
        for (const t of findFqlTemplates(text)) {
          assert.ok(t.start <= t.bodyStart && t.bodyStart <= t.bodyEnd && t.end <= text.length);
          const q = templateQuery(t);
          for (let i = 0; i < q.query.length; i++) {
            const d = q.toDocument(i, i + 1);
            assert.ok(d.start >= t.bodyStart && d.end <= t.bodyEnd && d.start < d.end);
          }
        }
      }),
    );
  });
});
