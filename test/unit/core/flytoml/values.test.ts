/** The readers flyctl uses, re-implemented: Go durations, go-units sizes, google/shlex, and VS Code line breaks. */
import { strict as assert } from 'node:assert';
import { LineIndex } from '../../../../src/core/flytoml/position';
import { formatGoDuration, goAtoi, parseGoDuration, parseMemoryMb, parseVolumeGb, shlexError } from '../../../../src/core/flytoml/values';

describe('flytoml: Go durations', () => {
  it('parses as time.ParseDuration does', () => {
    const ok: Array<[string, number]> = [
      ['0', 0],
      ['10s', 10e9],
      ['1m30s', 90e9],
      ['1.5h', 5400e9],
      ['500ms', 500e6],
      ['-2s', -2e9],
      ['+3m', 180e9],
      ['1h2m3s4ms5us6ns', 3723004005006],
      ['2µs', 2000],
      ['2μs', 2000],
      ['.5s', 0.5e9],
      ['1.s', 1e9],
    ];
    for (const [s, ns] of ok) assert.deepEqual(parseGoDuration(s), { ns }, s);
    const bad: Array<[string, string]> = [
      ['', 'time: invalid duration ""'],
      ['10', 'time: missing unit in duration "10"'],
      ['10 s', 'time: unknown unit " s" in duration "10 s"'],
      ['1d', 'time: unknown unit "d" in duration "1d"'],
      ['s', 'time: invalid duration "s"'],
      ['.s', 'time: invalid duration ".s"'],
      ['-', 'time: invalid duration "-"'],
    ];
    for (const [s, error] of bad) assert.deepEqual(parseGoDuration(s), { error }, s);
  });

  it('prints as time.Duration.String does', () => {
    const table: Array<[number, string]> = [
      [0, '0s'],
      [999, '999ns'],
      [1500, '1.5µs'],
      [500e6, '500ms'],
      [1e9, '1s'],
      [1.5e9, '1.5s'],
      [90e9, '1m30s'],
      [120e9, '2m0s'],
      [81e9, '1m21s'],
      [3600e9, '1h0m0s'],
      [-2e9, '-2s'],
    ];
    for (const [ns, s] of table) assert.equal(formatGoDuration(ns), s, s);
  });
});

describe('flytoml: sizes as flyctl reads them', () => {
  it('memory: a plain integer is MB, units are binary', () => {
    const table: Array<[string, number | string]> = [
      ['512', 512],
      ['0', 0],
      ['1gb', 1024],
      ['1GB', 1024],
      ['2g', 2048],
      ['512mb', 512],
      ['512MiB', 512],
      ['1.5gb', 1536],
      ['512kb', 0],
      ['1 gb', 1024],
      ['lots', "invalid size: invalid size: 'lots'"],
      ['1xb', "invalid size: invalid suffix: 'xb'"],
      ['1gib2', 'invalid size: strconv.ParseFloat: parsing "1gib2": invalid syntax'],
    ];
    for (const [s, want] of table) assert.deepEqual(parseMemoryMb(s), typeof want === 'number' ? { value: want } : { error: want }, s);
  });

  it('volumes: a plain integer is GB, units are decimal', () => {
    const table: Array<[string, number | string]> = [
      ['10', 10],
      ['30gb', 30],
      ['15Mb', 0],
      ['1TB', 1000],
      ['1TiB', 1000], // go-units' FromHumanSize reads "i" units as decimal too
      ['500mb', 0],
      ['unparseable', "invalid size: invalid size: 'unparseable'"],
    ];
    for (const [s, want] of table) assert.deepEqual(parseVolumeGb(s), typeof want === 'number' ? { value: want } : { error: want }, s);
  });

  it('strconv.Atoi', () => {
    assert.equal(goAtoi('8080'), 8080);
    assert.equal(goAtoi('+1'), 1);
    assert.equal(goAtoi('-1'), -1);
    for (const s of ['', ' 1', '1 ', '1.0', '0x10', '1e3']) assert.equal(goAtoi(s), null, s);
  });
});

describe('flytoml: google/shlex splitting', () => {
  it('fails only on an open quote or a trailing escape', () => {
    const table: Array<[string, string | null]> = [
      ['bin/rails server -b 0.0.0.0', null],
      ["sh -c 'echo hi'", null],
      ['echo "a \\" b"', null],
      ['echo it\\\'s', null],
      ["run # it's a comment", null],
      ['', null],
      ["echo 'open", 'EOF found when expecting closing quote'],
      ['echo "open', 'EOF found when expecting closing quote'],
      ['echo "a\\"', 'EOF found when expecting closing quote'],
      ['trailing\\', 'EOF found after escape character'],
    ];
    for (const [s, want] of table) assert.equal(shlexError(s), want, s);
  });
});

describe('flytoml: line index', () => {
  it('breaks lines as VS Code does: \\n, \\r\\n and a lone \\r', () => {
    const text = 'a\nbc\r\nd\re';
    const li = new LineIndex(text);
    assert.equal(li.lineCount, 4);
    const table: Array<[number, number, number]> = [
      [0, 0, 0],
      [1, 0, 1],
      [2, 1, 0],
      [4, 1, 2],
      [6, 2, 0],
      [8, 3, 0],
      [9, 3, 1],
      [99, 3, 1],
    ];
    for (const [off, line, character] of table) {
      assert.deepEqual(li.positionAt(off), { line, character }, String(off));
      if (off <= text.length && !(off === 5)) assert.equal(li.offsetAt({ line, character }), Math.min(off, text.length), String(off));
    }
    assert.equal(li.offsetAt({ line: 1, character: 99 }), 4); // end of "bc", before \r\n
    assert.equal(li.offsetAt({ line: 9, character: 0 }), text.length);
    assert.equal(li.offsetAt({ line: -1, character: 5 }), 0);
  });
});
