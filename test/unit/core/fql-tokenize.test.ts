import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { matchBracket, tokenize } from '../../../src/core/fql/tokenize';

const kinds = (text: string) =>
  tokenize(text)
    .filter((t) => t.kind !== 'space')
    .map((t) => [t.kind, text.slice(t.start, t.end)]);

describe('core/fql tokenize', () => {
  it('covers every character, contiguously, for any input', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            'a',
            'Z',
            '1',
            '"',
            "'",
            '#',
            '{',
            '}',
            '(',
            ')',
            '/',
            '*',
            '<',
            '-',
            '+',
            '\\',
            '\n',
            ' ',
            '.',
            'x',
          ),
        }),
        (text) => {
          const toks = tokenize(text);
          let at = 0;
          for (const t of toks) {
            assert.equal(t.start, at);
            assert.ok(t.end > t.start);
            at = t.end;
          }
          assert.equal(at, text.length);
        },
      ),
    );
  });

  const cases: Array<[string, string[][]]> = [
    [
      'let x = 1_000',
      [
        ['keyword', 'let'],
        ['ident', 'x'],
        ['operator', '='],
        ['number', '1_000'],
      ],
    ],
    [
      'Product.all()',
      [
        ['ident', 'Product'],
        ['operator', '.'],
        ['function', 'all'],
        ['bracket', '('],
        ['bracket', ')'],
      ],
    ],
    [
      'Time.now()',
      [
        ['module', 'Time'],
        ['operator', '.'],
        ['function', 'now'],
        ['bracket', '('],
        ['bracket', ')'],
      ],
    ],
    [
      '/* a /* b */ c */ null',
      [
        ['comment', '/* a /* b */ c */'],
        ['constant', 'null'],
      ],
    ],
    [
      '"a #{x} b"',
      [
        ['string', '"a '],
        ['interp', '#{'],
        ['ident', 'x'],
        ['interp', '}'],
        ['string', ' b"'],
      ],
    ],
    ["'no #{x}'", [['string', "'no #{x}'"]]],
    [
      '"esc \\" q" 0x1F',
      [
        ['string', '"esc \\" q"'],
        ['number', '0x1F'],
      ],
    ],
    [
      '<<-END\n  raw "x"\nEND\n1',
      [
        ['string', '<<-END\n  raw "x"\nEND'],
        ['number', '1'],
      ],
    ],
    [
      'x // c',
      [
        ['ident', 'x'],
        ['comment', '// c'],
      ],
    ],
  ];
  for (const [text, expected] of cases)
    it(JSON.stringify(text), () => assert.deepEqual(kinds(text), expected));

  it('matches brackets outside strings and comments', () => {
    const t = 'f({ a: "}" /* ) */ }, [1])';
    assert.deepEqual(matchBracket(t, 1), { at: 1, match: t.length - 1 });
    assert.deepEqual(matchBracket(t, 2), { at: 2, match: t.indexOf('},') });
    assert.deepEqual(matchBracket(t, t.length), { at: t.length - 1, match: 1 });
    assert.equal(matchBracket('(()', 0), null);
    assert.equal(matchBracket('abc', 1), null);
  });
});
