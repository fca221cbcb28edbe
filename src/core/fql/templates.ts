/**
 * `fql` tagged templates in JavaScript and TypeScript text: where they are, their literal
 * parts and `${…}` expressions, and the query we send for one (each `${expr}` becomes a
 * query argument), with a map from the sent query back to the document so a summary's
 * line and column land inside the template.
 *
 * The scanner is a small lexer, not a parser: it skips comments, string literals,
 * regular expression literals (by the usual "what came before the slash" rule) and
 * nested template literals inside `${}`, which covers the code people write. Pure: no I/O.
 */
import { argumentNameProblem } from './args';

/** One `${expr}` in a template. Offsets are into the scanned text. */
export interface TemplateArg {
  /** The expression as written (trimmed). */
  expr: string;
  /** Offset of `$` in `${`. */
  start: number;
  /** Offset just after the closing `}`. */
  end: number;
  /** The argument name it is sent as. */
  name: string;
  /** JSON text of the value when `expr` is a literal (`42`, `'a'`, `[1, 2]`), else null. */
  prefill: string | null;
}

/** One `fql\`…\`` template. */
export interface FqlTemplate {
  /** Offset of the `fql` tag. */
  start: number;
  /** Offset just after the opening backtick. */
  bodyStart: number;
  /** Offset of the closing backtick (the end of the text when unterminated). */
  bodyEnd: number;
  /** Offset just after the closing backtick. */
  end: number;
  /** The literal parts as raw source text (one more than `args`). */
  rawParts: string[];
  args: TemplateArg[];
  /** False when the text ends before the closing backtick. */
  terminated: boolean;
}

/** The query sent for a template and the way back from it to the document. */
export interface TemplateQuery {
  query: string;
  /** Distinct argument names, in order of first use. */
  names: string[];
  /**
   * The document span of the query span [from, to): literal text maps character by
   * character (escapes count as the characters written), an argument name maps to its
   * whole `${…}`.
   */
  toDocument(from: number, to: number): { start: number; end: number };
  /** The query offset of a 0-based line and character of the query. */
  offsetAt(line: number, character: number): number;
}

/** Character classes by code (a regex test per character is several times slower). */
const isIdStart = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdPart = (c: number) => isIdStart(c) || isDigit(c);
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff;
/** Keywords after which `/` starts a regular expression, not a division. */
const REGEX_AFTER_WORD = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

/** Finds every `fql` tagged template, including ones nested inside another's `${}`. */
export function findFqlTemplates(text: string): FqlTemplate[] {
  const out: FqlTemplate[] = [];
  const n = text.length;
  /** The last significant token: decides whether `/` is a regex and whether a backtick is tagged `fql`. */
  let lastWord = '';
  let lastWordEnd = -1;
  let lastPunct = '';

  /** Scans code from `i` until an unmatched `}` (when `inSubst`) or the end; returns its offset. */
  function code(i: number, inSubst: boolean): number {
    let depth = 0;
    while (i < n) {
      const c = text[i];
      const d = text[i + 1];
      if (c === '/' && d === '/') {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? n : nl;
        continue;
      }
      if (c === '/' && d === '*') {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 ? n : close + 2;
        continue;
      }
      if (c === '"' || c === "'") {
        i = quoted(i, c);
        lastWord = '';
        lastPunct = 'str';
        continue;
      }
      if (c === '`') {
        const tagged = lastWord === 'fql' && lastWordEnd >= 0 && !isMemberAccess(lastWordEnd - 3);
        const tagStart = lastWordEnd - 3;
        i = template(i, tagged ? tagStart : -1);
        lastWord = '';
        lastPunct = 'str';
        continue;
      }
      if (c === '/' && regexAllowed()) {
        i = regex(i);
        lastWord = '';
        lastPunct = 'str';
        continue;
      }
      const cc = text.charCodeAt(i);
      if (isIdStart(cc)) {
        let j = i + 1;
        while (j < n && isIdPart(text.charCodeAt(j))) j++;
        lastWord = text.slice(i, j);
        lastWordEnd = j;
        lastPunct = '';
        i = j;
        continue;
      }
      if (isDigit(cc)) {
        let j = i + 1;
        while (j < n && (isIdPart(text.charCodeAt(j)) || text[j] === '.')) j++;
        lastWord = '';
        lastPunct = 'num';
        i = j;
        continue;
      }
      if (isSpace(cc)) {
        i++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0 && inSubst) return i;
        depth--;
      }
      lastWord = '';
      lastPunct = c;
      i++;
    }
    return n;
  }

  function isMemberAccess(tagStart: number): boolean {
    let k = tagStart - 1;
    while (k >= 0 && isSpace(text.charCodeAt(k))) k--;
    return k >= 0 && (text[k] === '.' || isIdPart(text.charCodeAt(k)));
  }

  function regexAllowed(): boolean {
    if (lastWord !== '') return REGEX_AFTER_WORD.has(lastWord);
    if (lastPunct === 'str' || lastPunct === 'num') return false;
    return lastPunct !== ')' && lastPunct !== ']' && lastPunct !== '}';
  }

  function quoted(i: number, q: string): number {
    let j = i + 1;
    while (j < n && text[j] !== q && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, n);
  }

  function regex(i: number): number {
    let j = i + 1;
    let cls = false;
    while (j < n && text[j] !== '\n') {
      const c = text[j];
      if (c === '\\') j += 2;
      else {
        if (c === '[') cls = true;
        else if (c === ']') cls = false;
        else if (c === '/' && !cls) break;
        j++;
      }
    }
    j++;
    while (j < n && isIdPart(text.charCodeAt(j))) j++;
    return Math.min(j, n);
  }

  /** Scans a template literal from its opening backtick; records it when `tagStart >= 0`. */
  function template(i: number, tagStart: number): number {
    const bodyStart = i + 1;
    const rawParts: string[] = [];
    const spans: { start: number; end: number; expr: string }[] = [];
    let partStart = bodyStart;
    let j = bodyStart;
    let terminated = false;
    const slot = tagStart >= 0 ? out.length : -1;
    if (slot >= 0) out.push(undefined as unknown as FqlTemplate); // keeps outer-first order
    while (j < n) {
      const c = text[j];
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === '`') {
        terminated = true;
        break;
      }
      if (c === '$' && text[j + 1] === '{') {
        rawParts.push(text.slice(partStart, j));
        const close = code(j + 2, true);
        spans.push({
          start: j,
          end: Math.min(close + 1, n),
          expr: text.slice(j + 2, close).trim(),
        });
        j = close + 1;
        partStart = j;
        continue;
      }
      j++;
    }
    const bodyEnd = Math.min(j, n);
    rawParts.push(text.slice(Math.min(partStart, bodyEnd), bodyEnd));
    if (slot >= 0) {
      out[slot] = {
        start: tagStart,
        bodyStart,
        bodyEnd,
        end: terminated ? bodyEnd + 1 : bodyEnd,
        rawParts,
        args: nameArgs(spans),
        terminated,
      };
    }
    return terminated ? bodyEnd + 1 : n;
  }

  code(0, false);
  return out;
}

/** Names each `${expr}`: a plain identifier keeps its name; anything else is `argN`. */
function nameArgs(spans: { start: number; end: number; expr: string }[]): TemplateArg[] {
  const byExpr = new Map<string, string>();
  const used = new Set<string>();
  for (const s of spans) {
    if (argumentNameProblem(s.expr) === null && !s.expr.includes('$')) used.add(s.expr);
  }
  let counter = 0;
  return spans.map((s) => {
    let name = byExpr.get(s.expr);
    if (name === undefined) {
      if (argumentNameProblem(s.expr) === null && !s.expr.includes('$')) name = s.expr;
      else {
        while (used.has(`arg${counter}`)) counter++;
        name = `arg${counter}`;
        used.add(name);
      }
      byExpr.set(s.expr, name);
    }
    return { expr: s.expr, start: s.start, end: s.end, name, prefill: literalJson(s.expr) };
  });
}

/** JSON text for a literal expression (JSON literals, `'text'`, `` `text` ``), else null. */
export function literalJson(expr: string): string | null {
  const e = expr.trim();
  if (e === '' || e === 'undefined') return null;
  try {
    JSON.parse(e);
    return e;
  } catch {
    /* not JSON as written */
  }
  const m = /^'((?:[^'\\\n]|\\.)*)'$/.exec(e) ?? /^`((?:[^`\\$]|\\.)*)`$/.exec(e);
  if (m) {
    try {
      return JSON.stringify(JSON.parse(`"${m[1].replace(/\\'/g, "'").replace(/"/g, '\\"')}"`));
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The query for a template: its literal parts as the driver's `fql` tag sees them
 * (cooked: `\`` is a backtick, `\\` a backslash, `\n` a newline) joined by argument names.
 */
export function templateQuery(t: FqlTemplate): TemplateQuery {
  let query = '';
  const startOf: number[] = [];
  const endOf: number[] = [];
  t.rawParts.forEach((raw, k) => {
    let pos = k === 0 ? t.bodyStart : t.args[k - 1].end;
    let i = 0;
    while (i < raw.length) {
      let ch = raw[i];
      let width = 1;
      if (ch === '\\' && i + 1 < raw.length) {
        const e = raw[i + 1];
        width = 2;
        ch = e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === '\n' ? '' : e;
      }
      for (const c of ch) {
        query += c;
        startOf.push(pos);
        endOf.push(pos + width);
      }
      pos += width;
      i += width;
    }
    const arg = t.args[k];
    if (arg) {
      for (let c = 0; c < arg.name.length; c++) {
        startOf.push(arg.start);
        endOf.push(arg.end);
      }
      query += arg.name;
    }
  });
  const names = [...new Set(t.args.map((a) => a.name))];
  const lineStarts = [0];
  for (let i = 0; i < query.length; i++) if (query[i] === '\n') lineStarts.push(i + 1);
  return {
    query,
    names,
    toDocument(from, to) {
      if (query.length === 0) return { start: t.bodyStart, end: t.bodyStart };
      const a = Math.max(0, Math.min(from, query.length - 1));
      const b = Math.max(a + 1, Math.min(to, query.length));
      return { start: startOf[a], end: endOf[b - 1] };
    },
    offsetAt(line, character) {
      const l = Math.max(0, Math.min(line, lineStarts.length - 1));
      const lineEnd = l + 1 < lineStarts.length ? lineStarts[l + 1] - 1 : query.length;
      return Math.min(lineStarts[l] + Math.max(0, character), lineEnd);
    },
  };
}

/** A short stable key for a template's text (remembering its argument values). */
export function templateKey(t: FqlTemplate, text: string): string {
  const s = text.slice(t.start, t.end);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
