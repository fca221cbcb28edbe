import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { CompletionContext } from '../../../src/core/completion-context';
import { completionContext } from '../../../src/core/completion-context';

/** `|` marks the cursor. */
function at(textWithCursor: string): CompletionContext | null {
  const i = textWithCursor.indexOf('|');
  const before = textWithCursor.slice(0, i);
  const line = before.split('\n').length - 1;
  const character = before.length - before.lastIndexOf('\n') - 1;
  return completionContext(textWithCursor.replace('|', ''), { line, character });
}
const r = (line: number, a: number, b: number) => ({
  start: { line, character: a },
  end: { line, character: b },
});

describe('completionContext', () => {
  const cases: Array<[string, string, CompletionContext | null]> = [
    [
      'a key at the top, after the keys above',
      'app = "a"\n|\nkill_signal = "SIGINT"\n[env]\n  X = "1"',
      { kind: 'key', table: [], present: ['app', 'kill_signal'], prefix: '', range: r(1, 0, 0) },
    ],
    [
      'a partial key in a table',
      '[http_service]\n  auto_st|',
      { kind: 'key', table: ['http_service'], present: [], prefix: 'auto_st', range: r(1, 2, 9) },
    ],
    [
      'an array table',
      '[[vm]]\n  memory = "1gb"\n  si|\n  cpus = 2\n  "cpu_kind" = "shared"\n[[vm]]\n  size = "x"',
      {
        kind: 'key',
        table: ['vm'],
        present: ['memory', 'cpus', 'cpu_kind'],
        prefix: 'si',
        range: r(2, 2, 4),
      },
    ],
    [
      'a dotted header, with a comment',
      '[http_service.concurrency] # c\n|',
      {
        kind: 'key',
        table: ['http_service', 'concurrency'],
        present: [],
        prefix: '',
        range: r(1, 0, 0),
      },
    ],
    [
      'a quoted header segment',
      '[env]\n[checks."my.check"]\n|',
      { kind: 'key', table: ['checks', 'my.check'], present: [], prefix: '', range: r(2, 0, 0) },
    ],
    [
      'an opened string value',
      'primary_region = "lh|',
      { kind: 'value', path: ['primary_region'], quote: '"', prefix: 'lh', range: r(0, 18, 20) },
    ],
    [
      'a literal string value',
      "primary_region = '|",
      { kind: 'value', path: ['primary_region'], quote: "'", prefix: '', range: r(0, 18, 18) },
    ],
    [
      'a bare value right after =',
      '[http_service]\n  auto_stop_machines =|',
      {
        kind: 'value',
        path: ['http_service', 'auto_stop_machines'],
        quote: '',
        prefix: '',
        range: r(1, 22, 22),
      },
    ],
    [
      'a dotted key',
      'http_service.force_https = t|',
      {
        kind: 'value',
        path: ['http_service', 'force_https'],
        quote: '',
        prefix: 't',
        range: r(0, 27, 28),
      },
    ],
    ['in a comment', '# primary_region = "|', null],
    ['after a comment on the line', 'app = "a" # |', null],
    ['in a table header', '[http_|', null],
    ['after a complete value', 'primary_region = "lhr" |', null],
    [
      'a # inside a string is no comment',
      'x = "a#b"\n|',
      { kind: 'key', table: [], present: ['x'], prefix: '', range: r(1, 0, 0) },
    ],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(at(text), expected));
  }

  it('a position outside the text, CRLF lines', () => {
    assert.equal(completionContext('a = 1', { line: 5, character: 0 }), null);
    assert.deepEqual(completionContext('[vm]\r\n  me', { line: 1, character: 4 }), {
      kind: 'key',
      table: ['vm'],
      present: [],
      prefix: 'me',
      range: r(1, 2, 4),
    });
  });

  it('never throws and keeps its ranges on the cursor line, whatever the text', () => {
    const toml = fc.stringMatching(/^[\w \t"'=#.[\]\r\n-]{0,80}$/);
    fc.assert(
      fc.property(toml, fc.nat(6), fc.nat(90), (text, line, character) => {
        const c = completionContext(text, { line, character });
        if (c === null) return;
        assert.equal(c.range.start.line, line);
        assert.equal(c.range.end.line, line);
        assert.ok(c.range.start.character <= c.range.end.character);
        assert.ok(c.range.end.character <= character);
      }),
      { numRuns: 2000 },
    );
  });
});
