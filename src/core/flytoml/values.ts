/**
 * The value readers flyctl uses, re-implemented: Go's time.ParseDuration, docker's
 * go-units size parsing (RAMInBytes / FromHumanSize) behind flyctl's ParseSize, and
 * google/shlex's splitting (only whether it fails).
 */

/** Go's largest time.Duration, in nanoseconds (as a float). */
const MAX_NS = 2 ** 63 - 1;

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5 micro sign
  'μs': 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's time.ParseDuration: nanoseconds, or an error text as Go words it. */
export function parseGoDuration(s: string): { ns: number } | { error: string } {
  const orig = s;
  const bad = { error: `time: invalid duration ${JSON.stringify(orig)}` };
  let i = 0;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    i = 1;
  }
  if (s.slice(i) === '0') return { ns: 0 };
  if (i >= s.length) return bad;
  let total = 0;
  while (i < s.length) {
    const start = i;
    while (i < s.length && s[i] >= '0' && s[i] <= '9') i++;
    const intPart = s.slice(start, i);
    let frac = '';
    if (s[i] === '.') {
      i++;
      const fs = i;
      while (i < s.length && s[i] >= '0' && s[i] <= '9') i++;
      frac = s.slice(fs, i);
    }
    if (intPart === '' && frac === '') return bad;
    const us = i;
    while (i < s.length && s[i] !== '.' && !(s[i] >= '0' && s[i] <= '9')) i++;
    const unit = s.slice(us, i);
    if (unit === '') return { error: `time: missing unit in duration ${JSON.stringify(orig)}` };
    const mul = UNIT_NS[unit];
    if (mul === undefined) return { error: `time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(orig)}` };
    total += Number(`${intPart || '0'}.${frac || '0'}`) * mul;
    if (total > MAX_NS) return bad;
  }
  return { ns: neg ? -total : total };
}

/** Go's time.Duration.String() for a whole number of nanoseconds, e.g. 81000000000 → "1m21s". */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let n = Math.abs(Math.round(ns));
  let out: string;
  if (n < 1e3) out = `${n}ns`;
  else if (n < 1e6) out = `${trim(n / 1e3)}µs`;
  else if (n < 1e9) out = `${trim(n / 1e6)}ms`;
  else {
    const h = Math.floor(n / 3600e9);
    n -= h * 3600e9;
    const m = Math.floor(n / 60e9);
    n -= m * 60e9;
    const s = trim(n / 1e9);
    out = h ? `${h}h${m}m${s}s` : m ? `${m}m${s}s` : `${s}s`;
  }
  return neg ? `-${out}` : out;
}

function trim(x: number): string {
  return String(Number(x.toFixed(9)));
}

const DECIMAL: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };
const BINARY: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** docker/go-units parseSize: bytes, or the error it gives. */
function goUnitsParse(s: string, units: Record<string, number>): number | { error: string } {
  let sep = -1;
  for (let i = s.length - 1; i >= 0; i--) {
    if ('0123456789. '.includes(s[i])) {
      sep = i;
      break;
    }
  }
  if (sep === -1) return { error: `invalid size: '${s}'` };
  const num = s[sep] !== ' ' ? s.slice(0, sep + 1) : s.slice(0, sep);
  let sfx = s.slice(sep + 1);
  // strconv.ParseFloat accepts an optional sign, digits, one dot, an exponent; go-units
  // only lets digits, dots and spaces reach it, so a plain decimal check is enough.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(num)) return { error: `strconv.ParseFloat: parsing ${JSON.stringify(num)}: invalid syntax` };
  let size = Number(num);
  if (size < 0) return { error: `invalid size: '${s}'` };
  if (sfx.length === 0) return Math.trunc(size);
  if (sfx.length > 3) return { error: `invalid suffix: '${sfx}'` };
  sfx = sfx.toLowerCase();
  if (sfx[0] === 'b') return sfx.length > 1 ? { error: `invalid suffix: '${sfx}'` } : Math.trunc(size);
  const mul = units[sfx[0]];
  if (mul === undefined) return { error: `invalid suffix: '${sfx}'` };
  size *= mul;
  if ((sfx.length === 2 && sfx[1] !== 'b') || (sfx.length === 3 && sfx.slice(1) !== 'ib')) return { error: `invalid suffix: '${sfx}'` };
  return Math.trunc(size);
}

/** Go's strconv.Atoi (for decimal strings): the number, or null. */
export function goAtoi(s: string): number | null {
  return /^[+-]?\d+$/.test(s) && Math.abs(Number(s)) <= MAX_NS ? Number(s) : null;
}

/**
 * flyctl's helpers.ParseSize: a plain integer is taken as already in the unit; anything
 * else is parsed by go-units and divided (integer division) by the unit.
 */
function parseSize(s: string, units: Record<string, number>, quotient: number): { value: number } | { error: string } {
  const n = goAtoi(s);
  if (n !== null) return { value: n };
  const bytes = goUnitsParse(s, units);
  if (typeof bytes !== 'number') return { error: `invalid size: ${bytes.error}` };
  return { value: Math.trunc(bytes / quotient) };
}

/** `[[vm]] memory` → MB (binary units). */
export function parseMemoryMb(s: string): { value: number } | { error: string } {
  return parseSize(s, BINARY, 1024 ** 2);
}

/** Volume sizes → GB (decimal units). */
export function parseVolumeGb(s: string): { value: number } | { error: string } {
  return parseSize(s, DECIMAL, 1e9);
}

/** Whether google/shlex can split a command line; the error text when it cannot. */
export function shlexError(s: string): string | null {
  let state: 'none' | 'word' | 'escape' | 'quote-escape' | 'single' | 'double' | 'comment' = 'none';
  for (const ch of s) {
    switch (state) {
      case 'none':
      case 'word':
        if (ch === '\\') state = 'escape';
        else if (ch === "'") state = 'single';
        else if (ch === '"') state = 'double';
        else if (ch === '#' && state === 'none') state = 'comment';
        else if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') state = 'none';
        else state = 'word';
        break;
      case 'escape':
        state = 'word';
        break;
      case 'single':
        if (ch === "'") state = 'word';
        break;
      case 'double':
        if (ch === '\\') state = 'quote-escape';
        else if (ch === '"') state = 'word';
        break;
      case 'quote-escape':
        state = 'double';
        break;
      case 'comment':
        if (ch === '\n') state = 'none';
        break;
    }
  }
  if (state === 'single' || state === 'double') return 'EOF found when expecting closing quote';
  if (state === 'escape' || state === 'quote-escape') return 'EOF found after escape character';
  return null;
}
