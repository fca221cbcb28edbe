/**
 * A tolerant outline of an FSL (Fauna schema) file, for the editor's Outline and
 * breadcrumbs. It follows what the core's parser accepts (docs/fauna.md §FSL; fauna/faunadb
 * ext/fql/shared/src/main/scala/parser/SchemaItemParser.scala and SchemaItemConverter.scala)
 * but never rejects anything: it reads tokens, skipping line and (nested) block comments
 * and strings, matches brackets across FQL bodies, and turns what it recognises into items.
 * Broken input gives a partial outline: an unclosed `{` runs to the end of the file, a stray
 * `}` at the top level is ignored, unknown statements are skipped.
 */
import { LineIndex } from '../flytoml/position';
import type { Range } from '../types';

export type FslItemKind =
  // Top-level items (SchemaItemConverter.scala :146, :185, :213, :222).
  | 'collection'
  | 'function'
  | 'role'
  | 'accessProvider'
  // Collection members.
  | 'field'
  | 'computedField'
  | 'wildcard'
  | 'index'
  | 'unique'
  | 'check'
  | 'migrations'
  | 'setting' // history_days, ttl_days, document_ttls
  // Index members (SchemaItemConverter.scala :401-439).
  | 'terms'
  | 'values'
  // A step of a migrations block (SchemaItemParser.scala :331-445).
  | 'migration'
  // Role members.
  | 'privileges'
  | 'membership'
  // A privilege's action (SchemaItemConverter.scala :556-570, :777-791).
  | 'action'
  // `predicate (FQL)` in an action's or a membership's block (SchemaItemConverter.scala :727-756).
  | 'predicate'
  // Access provider members.
  | 'issuer'
  | 'jwksUri'
  | 'providerRole';

export interface FslOutlineItem {
  kind: FslItemKind;
  /** The item's name as written (quotes kept for a quoted name); '' when missing. */
  name: string;
  /** A short description: a field's type, a function's signature, a setting's value. */
  detail: string;
  /** `@alias(X)` / `@role(X)` written before the item (whitespace collapsed). */
  annotations: string[];
  /** From the first annotation (or keyword) to the closing brace / end of the member. */
  range: Range;
  /** The name (or the keyword, for members without a name). */
  nameRange: Range;
  children: FslOutlineItem[];
}

interface Tok {
  /** 'word' identifiers and numbers; 'str' strings; 'nl' a newline; 'p' punctuation. */
  t: 'word' | 'str' | 'nl' | 'p';
  v: string;
  start: number;
  end: number;
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);
/** A member continues on the next line after one of these (an unfinished expression). */
const CONTINUE = new Set(['=', '=>', '->', '|', '&', ',', ':', '.', '+', '-', '*', '/', '?.']);

/** Privilege actions (SchemaItemParser.scala :307-316; SchemaItemConverter.scala :777-791). */
const ACTIONS = new Set([
  'create',
  'create_with_id',
  'delete',
  'read',
  'write',
  'history_read',
  'history_write',
  'unrestricted_read',
  'call',
]);
/** Migration steps (SchemaItemParser.scala :427-436). */
const MIGRATIONS = new Set([
  'backfill',
  'drop',
  'split',
  'move',
  'add',
  'move_conflicts',
  'move_wildcard',
  'add_wildcard',
]);
/** A predicate's detail is cut to this many characters (the Outline shows one line). */
const PREDICATE_DETAIL = 60;

/**
 * ASCII character classes by char code, for the tokenizer (it reads char codes: comparing
 * one-character strings was most of its time). Bit 1: starts an identifier (`A-Z a-z _`);
 * bit 2: continues one (those, digits and `'`). Anything else, and any non-ASCII code unit,
 * is punctuation.
 */
const IDENT = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const start = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch === '_';
  if (start) IDENT[c] = 3;
  else if ((ch >= '0' && ch <= '9') || ch === "'") IDENT[c] = 2;
}
const NL = 10;
const SLASH = 47;
const STAR = 42;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;
const HASH = 35;
const LBRACE = 123;
const RBRACE = 125;
const DOT = 46;
const GT = 62;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** End (exclusive) of the string whose quote is at `i`; an unclosed one ends its line. */
function stringEnd(s: string, i: number): number {
  const q = s.charCodeAt(i);
  const n = s.length;
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === q) return j + 1;
    else if (q === DQUOTE && c === HASH && s.charCodeAt(j + 1) === LBRACE) {
      // `#{expr}` interpolation (Tokens.scala :101-103): skip to its closing brace.
      let depth = 0;
      for (j = j + 1; j < n; j++) {
        const d = s.charCodeAt(j);
        if (d === DQUOTE || d === SQUOTE) j = stringEnd(s, j) - 1;
        else if (d === LBRACE) depth++;
        else if (d === RBRACE && --depth === 0) break;
      }
    }
  }
  const nl = s.indexOf('\n', i);
  return nl < 0 ? s.length : nl;
}

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === NL) {
      out.push({ t: 'nl', v: '\n', start: i, end: i + 1 });
      i++;
    } else if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      // ' ', '\t', '\r', '\f', '\v'
      i++;
    } else if (c === SLASH && s.charCodeAt(i + 1) === SLASH) {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (c === SLASH && s.charCodeAt(i + 1) === STAR) {
      // Block comments nest (Whitespace.scala :12-14); an unclosed one runs to the end.
      let depth = 0;
      while (i < n) {
        const a = s.charCodeAt(i);
        const b = s.charCodeAt(i + 1);
        if (a === SLASH && b === STAR) {
          depth++;
          i += 2;
        } else if (a === STAR && b === SLASH) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
    } else if (c === DQUOTE || c === SQUOTE) {
      const e = stringEnd(s, i);
      out.push({ t: 'str', v: s.slice(i, e), start: i, end: e });
      i = e;
    } else if ((c < 128 && (IDENT[c] & 1) !== 0) || isDigit(c)) {
      // A number keeps its dots (`1.5`): a word that starts with a digit.
      const num = isDigit(c);
      let j = i + 1;
      for (; j < n; j++) {
        const d = s.charCodeAt(j);
        if (!((d < 128 && IDENT[d] !== 0) || (num && d === DOT))) break;
      }
      out.push({ t: 'word', v: s.slice(i, j), start: i, end: j });
      i = j;
    } else {
      const d = s.charCodeAt(i + 1);
      // `=>`, `->`, `?.`
      const two = (d === GT && (c === 61 || c === 45)) || (c === 63 && d === DOT);
      const v = two ? s.slice(i, i + 2) : s[i];
      out.push({ t: 'p', v, start: i, end: i + v.length });
      i += v.length;
    }
  }
  return out;
}

/**
 * For each token, the index of the bracket closing it if it is an opening bracket (the token
 * count if unclosed), in one pass: a closing bracket of any kind closes the latest open one,
 * as a depth count from the opening bracket would find; a stray one closes nothing.
 */
function matchBrackets(toks: Tok[]): Int32Array {
  const n = toks.length;
  const match = new Int32Array(n).fill(n);
  const open: number[] = [];
  for (let j = 0; j < n; j++) {
    const t = toks[j];
    if (t.t !== 'p') continue;
    // Char codes of ( [ { and ) ] } (OPEN and CLOSE; a set lookup per token was slower).
    const c = t.v.charCodeAt(0);
    if (c === 40 || c === 91 || c === LBRACE) open.push(j);
    else if ((c === 41 || c === 93 || c === RBRACE) && open.length > 0)
      match[open.pop() as number] = j;
  }
  return match;
}

class Parser {
  private readonly toks: Tok[];
  private readonly lines: LineIndex;
  /** matchBrackets(toks): close() was a scan, repeated for each nested member. */
  private readonly match: Int32Array;

  constructor(private readonly src: string) {
    this.toks = tokenize(src);
    this.lines = new LineIndex(src);
    this.match = matchBrackets(this.toks);
  }

  private range(start: number, end: number): Range {
    return { start: this.lines.positionAt(start), end: this.lines.positionAt(end) };
  }

  private is(i: number, v: string): boolean {
    const t = this.toks[i] as Tok | undefined;
    return t !== undefined && t.t !== 'str' && t.v === v;
  }

  /** The index of the bracket closing the one at `i`, or the token count if unclosed. */
  private close(i: number): number {
    const t = this.toks[i] as Tok | undefined;
    if (t !== undefined && t.t === 'p' && OPEN.has(t.v)) return this.match[i];
    // Not an opening bracket (no caller does this): the depth count from `i`.
    let depth = 0;
    for (let j = i; j < this.toks.length; j++) {
      const t = this.toks[j];
      if (t.t !== 'p') continue;
      if (OPEN.has(t.v)) depth++;
      else if (CLOSE.has(t.v) && --depth === 0) return j;
    }
    return this.toks.length;
  }

  /** End offset of token `i`, or of the text if `i` is past the last token. */
  private endOf(i: number): number {
    return i < this.toks.length ? this.toks[i].end : this.src.length;
  }

  /**
   * The last token of the statement starting at `i` (bounded by `to`): it ends at a
   * newline or `;` outside brackets (unless the line ends in an operator), or before an
   * unmatched closing bracket (the parent's `}`).
   */
  private statementEnd(i: number, to: number): number {
    let last = i;
    for (let j = i; j < to; j++) {
      const t = this.toks[j];
      if (t.t === 'nl' || (t.t === 'p' && t.v === ';')) {
        const prev = this.toks[last];
        if (t.t === 'nl' && prev.t === 'p' && CONTINUE.has(prev.v) && j > i) continue;
        break;
      }
      if (t.t === 'p' && CLOSE.has(t.v)) break;
      if (t.t === 'p' && OPEN.has(t.v)) {
        const c = this.close(j);
        if (c >= to) return to - 1;
        j = c;
      }
      last = j;
    }
    return last;
  }

  /** Token text from `a` to `b` (inclusive), comments dropped, whitespace collapsed. */
  private text(a: number, b: number): string {
    let out = '';
    let prev: Tok | undefined;
    let newline = false;
    for (let k = a; k <= b && k < this.toks.length; k++) {
      const t = this.toks[k];
      if (t.t === 'nl') {
        newline = true;
        continue;
      }
      // A list written over several lines reads `[.a, .b]`, not `[ .a, .b ]` (an object
      // keeps its spaces: `{ x: 1 }`).
      const hug =
        newline &&
        prev !== undefined &&
        ((prev.t === 'p' && (prev.v === '[' || prev.v === '(')) ||
          (t.t === 'p' && (t.v === ']' || t.v === ')')));
      if (prev !== undefined && t.start > prev.end && !hug) out += ' ';
      out += t.v;
      prev = t;
      newline = false;
    }
    return out.trim();
  }

  /** The next token index from `i` that is not a newline. */
  private skipNl(i: number, to = this.toks.length): number {
    while (i < to && this.toks[i].t === 'nl') i++;
    return i;
  }

  /** Skips `@name(...)` at `i`; returns the index after it. */
  private annotationEnd(i: number): number {
    let j = i + 1;
    if (this.toks[j]?.t === 'word') j++;
    if (this.is(j, '(')) j = this.close(j) + 1;
    return j;
  }

  private isName(i: number): boolean {
    const t = this.toks[i] as Tok | undefined;
    return t !== undefined && (t.t === 'word' || t.t === 'str');
  }

  parse(): FslOutlineItem[] {
    const items: FslOutlineItem[] = [];
    const n = this.toks.length;
    let annotations: string[] = [];
    let annStart = -1;
    let i = 0;
    while (i < n) {
      const t = this.toks[i];
      if (t.t === 'nl' || (t.t === 'p' && (t.v === ';' || CLOSE.has(t.v)))) {
        i++;
        continue;
      }
      if (t.t === 'p' && t.v === '@') {
        const e = this.annotationEnd(i);
        if (annStart < 0) annStart = t.start;
        annotations.push(this.text(i, e - 1));
        i = e;
        continue;
      }
      let kind: FslItemKind | null = null;
      let after = i + 1;
      if (t.t === 'word' && (t.v === 'collection' || t.v === 'role')) kind = t.v;
      else if (t.t === 'word' && t.v === 'function') kind = 'function';
      else if (t.t === 'word' && t.v === 'access' && this.is(i + 1, 'provider')) {
        kind = 'accessProvider';
        after = i + 2;
      }
      if (kind === null) {
        // Not an item: skip the statement (brackets included).
        i = this.statementEnd(i, n) + 1;
        annotations = [];
        annStart = -1;
        continue;
      }
      const start = annStart >= 0 ? annStart : t.start;
      const { item, next } = this.item(kind, i, after, start, annotations);
      items.push(item);
      annotations = [];
      annStart = -1;
      i = next;
    }
    return items;
  }

  /** A top-level item whose keyword is at `kw` and whose name may be at `after`. */
  private item(
    kind: FslItemKind,
    kw: number,
    after: number,
    start: number,
    annotations: string[],
  ): { item: FslOutlineItem; next: number } {
    const n = this.toks.length;
    let j = after;
    let name = '';
    let nameRange = this.range(this.toks[kw].start, this.toks[after - 1].end);
    if (this.isName(j)) {
      name = this.toks[j].v;
      nameRange = this.range(this.toks[j].start, this.toks[j].end);
      j++;
    }
    let detail = '';
    // Find the opening brace of the body: for a function, after `(args): Type`.
    let k = j;
    for (; k < n; k++) {
      const tk = this.toks[k];
      if (this.is(k, '{')) {
        // In a function head, `{` after `:` / `|` / `&` is an object return type.
        const prev = this.toks[k - 1];
        if (kind === 'function' && prev.t === 'p' && [':', '|', '&'].includes(prev.v)) {
          k = this.close(k);
          continue;
        }
        break;
      }
      if (tk.t === 'p' && (tk.v === '(' || tk.v === '[')) k = this.close(k);
      else if (tk.t === 'p' && (CLOSE.has(tk.v) || tk.v === ';')) break;
      else if (tk.t === 'word' && kind !== 'function') break;
      else if (
        tk.t === 'word' &&
        kind === 'function' &&
        this.toks[k - 1].t === 'nl' &&
        (tk.v === 'collection' || tk.v === 'role' || tk.v === 'function' || tk.v === 'access')
      )
        break;
    }
    if (kind === 'function' && k > j) detail = this.text(j, Math.min(k, n) - 1);
    let children: FslOutlineItem[] = [];
    let endOffset: number;
    let next: number;
    if (k < n && this.is(k, '{')) {
      const c = this.close(k);
      if (kind !== 'function') children = this.members(kind, k + 1, Math.min(c, n));
      endOffset = this.endOf(c);
      next = c + 1;
    } else {
      // No body: the item is its keyword and name.
      const last = Math.max(kw, Math.min(k, n) - 1);
      endOffset = this.toks[last].end;
      next = Math.max(k, j);
    }
    return {
      item: {
        kind,
        name,
        detail,
        annotations,
        range: this.range(start, endOffset),
        nameRange,
        children,
      },
      next,
    };
  }

  /** The members between `from` and `to` (exclusive) of a block of the item `parent`. */
  private members(parent: FslItemKind, from: number, to: number): FslOutlineItem[] {
    const out: FslOutlineItem[] = [];
    let i = from;
    while (i < to) {
      i = this.skipNl(i, to);
      if (i >= to) break;
      const t = this.toks[i];
      if (t.t === 'p' && (t.v === ';' || CLOSE.has(t.v))) {
        i++;
        continue;
      }
      if (t.t === 'p' && t.v === '@') {
        i = this.annotationEnd(i);
        continue;
      }
      let end = this.statementEnd(i, to);
      // `terms [...] values [...]` on one line: each list is a member (the core asks for a
      // newline or `;` between them, SchemaItemParser.scala :117-118 and Whitespace.scala :22;
      // the Outline shows both anyway).
      if (parent === 'index' && this.is(i + 1, '[')) end = Math.min(end, this.close(i + 1));
      const m = this.member(parent, i, end);
      if (m) out.push(m);
      i = end + 1;
    }
    return out;
  }

  // The member's helpers are methods, not closures made for each member: they were a good
  // part of the outline's time on a large file.

  /** The member from `i` to `end` (inclusive), named by the token `nameTok`. */
  private make(
    i: number,
    end: number,
    kind: FslItemKind,
    nameTok: number,
    name: string,
    detail: string,
  ): FslOutlineItem {
    return {
      kind,
      name,
      detail,
      annotations: [],
      range: this.range(this.toks[i].start, this.toks[end].end),
      nameRange: this.range(this.toks[nameTok].start, this.toks[nameTok].end),
      children: [],
    };
  }

  /** A member named by the token after its keyword, if there is one. */
  private named(i: number, end: number, kind: FslItemKind, detailFrom: number): FslOutlineItem {
    const hasName = i + 1 <= end && this.isName(i + 1);
    return this.make(
      i,
      end,
      kind,
      hasName ? i + 1 : i,
      hasName ? this.toks[i + 1].v : '',
      detailFrom <= end ? this.text(hasName ? detailFrom : i + 1, end) : '',
    );
  }

  /** The member's text after its keyword. */
  private rest(i: number, end: number): string {
    return i + 1 <= end ? this.text(i + 1, end) : '';
  }

  /** The members of the member's `{...}` block, if it has one. */
  private withBlock(i: number, end: number, m: FslOutlineItem, kind: FslItemKind): FslOutlineItem {
    m.children = this.blockMembers(kind, i, end);
    return m;
  }

  /** An action or membership: its block's predicate as a child, and "predicate" as its detail. */
  private predicated(i: number, end: number, m: FslOutlineItem): FslOutlineItem {
    this.withBlock(i, end, m, m.kind);
    if (m.children.some((c) => c.kind === 'predicate')) m.detail = 'predicate';
    return m;
  }

  private member(parent: FslItemKind, i: number, end: number): FslOutlineItem | null {
    const t = this.toks[i];

    if (parent === 'collection') {
      // Fields first, so `index: Int` is a field (SchemaItemParser.scala :128-131).
      if (t.t === 'p' && t.v === '*' && this.is(i + 1, ':'))
        return this.make(i, end, 'wildcard', i, '*', this.fieldType(i + 2, end));
      if (this.isName(i) && (this.is(i + 1, ':') || this.is(i + 1, '=')))
        return this.make(
          i,
          end,
          'field',
          i,
          t.v,
          this.is(i + 1, ':') ? this.fieldType(i + 2, end) : '',
        );
      if (t.t !== 'word') return null;
      switch (t.v) {
        case 'compute': {
          const hasName = this.isName(i + 1) && i + 1 <= end;
          const ty = hasName && this.is(i + 2, ':') ? this.fieldType(i + 3, end) : '';
          return this.make(
            i,
            end,
            'computedField',
            hasName ? i + 1 : i,
            hasName ? this.toks[i + 1].v : '',
            ty,
          );
        }
        case 'index':
          return this.withBlock(i, end, this.named(i, end, 'index', end + 1), 'index');
        case 'check':
          return this.named(i, end, 'check', end + 1);
        case 'unique':
          return this.make(i, end, 'unique', i, this.rest(i, end) || 'unique', '');
        case 'migrations':
          return this.withBlock(
            i,
            end,
            this.make(i, end, 'migrations', i, 'migrations', ''),
            'migrations',
          );
        case 'history_days':
        case 'ttl_days':
        case 'document_ttls':
          return this.make(i, end, 'setting', i, t.v, this.rest(i, end));
        default:
          return null;
      }
    }
    if (t.t !== 'word') return null;
    if (parent === 'index') {
      // `terms [...]` / `values [...]`: the list as written (SchemaItemParser.scala :466-470).
      if (t.v === 'terms' || t.v === 'values')
        return this.make(i, end, t.v, i, t.v, this.rest(i, end));
      return null;
    }
    if (parent === 'migrations') {
      // Named by the step's keyword; the rest of the step (paths, `->`, `= FQL`) is the detail.
      if (MIGRATIONS.has(t.v)) return this.make(i, end, 'migration', i, t.v, this.rest(i, end));
      return null;
    }
    if (parent === 'role') {
      if (t.v === 'privileges')
        return this.withBlock(i, end, this.named(i, end, 'privileges', end + 1), 'privileges');
      if (t.v === 'membership')
        return this.predicated(i, end, this.named(i, end, 'membership', end + 1));
    }
    if (parent === 'privileges') {
      // An action: a no-name keyword with an optional `{ predicate (...) }` block.
      if (ACTIONS.has(t.v)) return this.predicated(i, end, this.make(i, end, 'action', i, t.v, ''));
      return null;
    }
    if (parent === 'action' || parent === 'membership') {
      if (t.v === 'predicate') {
        const d = this.rest(i, end);
        const short = d.length > PREDICATE_DETAIL ? `${d.slice(0, PREDICATE_DETAIL - 1)}…` : d;
        return this.make(i, end, 'predicate', i, 'predicate', short);
      }
      return null;
    }
    if (parent === 'accessProvider') {
      if (t.v === 'issuer') return this.make(i, end, 'issuer', i, 'issuer', this.rest(i, end));
      if (t.v === 'jwks_uri') return this.make(i, end, 'jwksUri', i, 'jwks_uri', this.rest(i, end));
      if (t.v === 'role') return this.named(i, end, 'providerRole', end + 1);
    }
    return null;
  }

  /**
   * The members of the first `{...}` block in the member from `i` to `end` (inclusive), read
   * as members of `kind`. An unclosed block runs to the end of the member.
   */
  private blockMembers(kind: FslItemKind, i: number, end: number): FslOutlineItem[] {
    for (let j = i + 1; j <= end; j++) {
      const t = this.toks[j];
      if (t.t !== 'p') continue;
      if (t.v === '{') return this.members(kind, j + 1, Math.min(this.close(j), end + 1));
      if (t.v === '(' || t.v === '[') j = this.close(j);
    }
    return [];
  }

  /** A field's type: the tokens from `a` up to a top-level `=` (the default) or `end`. */
  private fieldType(a: number, end: number): string {
    let depth = 0;
    let b = a;
    for (; b <= end; b++) {
      const t = this.toks[b];
      if (t.t !== 'p') continue;
      if (OPEN.has(t.v)) depth++;
      else if (CLOSE.has(t.v)) depth--;
      else if (t.v === '=' && depth === 0) break;
    }
    return b > a ? this.text(a, b - 1) : '';
  }
}

/** The outline of an FSL text. Never throws. */
export function fslOutline(text: string): FslOutlineItem[] {
  return new Parser(text).parse();
}
