import { strict as assert } from 'node:assert';
import { fixAllEdits } from '../../../src/core/fix-all';
import type { Finding, TextEdit } from '../../../src/core/types';

const edit = (line: number, a: number, b: number, newText: string, endLine = line): TextEdit => ({
  range: { start: { line, character: a }, end: { line: endLine, character: b } },
  newText,
});
const finding = (code: string, fixes: Finding['fixes']): Finding => ({
  code,
  severity: 'warning',
  message: code,
  range: null,
  fixes,
});

describe('fixAllEdits', () => {
  it('takes preferred fixes only, in file order', () => {
    const findings = [
      finding('vm-size', [
        { title: 'size', edits: [edit(9, 9, 24, '"shared-cpu-1x"')], isPreferred: true },
      ]),
      finding('region-outside-group', [
        { title: 'lhr', edits: [edit(2, 17, 22, '"lhr"')], isPreferred: true },
      ]),
      finding('invalid-value', [{ title: 'a guess', edits: [edit(5, 23, 34, '"stop"')] }]),
      finding('region-group-unset', undefined),
    ];
    assert.deepEqual(fixAllEdits(findings), [
      edit(2, 17, 22, '"lhr"'),
      edit(9, 9, 24, '"shared-cpu-1x"'),
    ]);
  });

  it('leaves out fixes that ask first (moving a secret)', () => {
    const secret = finding('secret-in-env', [
      {
        title: 'move',
        edits: [edit(4, 0, 0, '', 5)],
        isPreferred: true,
        action: { kind: 'push-secret', name: 'FAUNA_SECRET', value: 'x' },
      },
    ]);
    assert.deepEqual(fixAllEdits([secret]), []);
  });

  it('drops an edit that overlaps an earlier one; touching ones both stay', () => {
    const findings = [
      finding('a', [{ title: 'a', edits: [edit(1, 0, 10, 'A')], isPreferred: true }]),
      finding('b', [{ title: 'b', edits: [edit(1, 5, 12, 'B')], isPreferred: true }]),
      finding('c', [{ title: 'c', edits: [edit(1, 10, 12, 'C')], isPreferred: true }]),
      finding('d', [{ title: 'd', edits: [edit(0, 3, 2, 'D', 1)], isPreferred: true }]),
      finding('e', [{ title: 'e', edits: [edit(1, 12, 13, 'E')], isPreferred: true }]),
    ];
    assert.deepEqual(fixAllEdits(findings), [
      edit(0, 3, 2, 'D', 1),
      edit(1, 5, 12, 'B'),
      edit(1, 12, 13, 'E'),
    ]);
  });

  it('nothing to fix, nothing returned', () => assert.deepEqual(fixAllEdits([]), []));
});
