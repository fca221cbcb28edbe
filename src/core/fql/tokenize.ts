/**
 * A light FQL v10 tokenizer for highlighting and bracket matching in the query view
 * (facts: fauna.md §6, from Fauna's own lexer). It never throws and covers every
 * character of the input: unknown characters become `punct` tokens, and an unterminated
 * string or comment runs to the end of the text.
 */

/** Token kinds, used as CSS class suffixes by the view. */
export type TokenKind =
  | 'comment'
  | 'string'
  | 'interp'
  | 'number'
  | 'keyword'
  | 'constant'
  | 'module'
  | 'function'
  | 'ident'
  | 'bracket'
  | 'operator'
  | 'punct'
  | 'space';

/** A token: `[start, end)` offsets into the text. */
export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

/** FQL's reserved words (Tokens.scala). */
export const FQL_KEYWORDS: readonly string[] = [
  'if',
  'else',
  'at',
  'match',
  'case',
  'let',
  'isa',
  'join',
  'on',
  'of',
];
const CONSTANTS = new Set(['null', 'true', 'false']);
const KEYWORDS = new Set(FQL_KEYWORDS);
/** Top-level native collections and modules (GlobalResolvers.scala). */
export const FQL_MODULES: readonly string[] = [
  'Collection',
  'Function',
  'Role',
  'AccessProvider',
  'Database',
  'Key',
  'Credential',
  'Credentials',
  'Token',
  'Array',
  'Boolean',
  'Bytes',
  'Date',
  'ID',
  'Doc',
  'Math',
  'Null',
  'Number',
  'Int',
  'Long',
  'Double',
  'Float',
  'Object',
  'Set',
  'SetCursor',
  'EventSource',
  'String',
  'Struct',
  'Time',
  'TransactionTime',
  'UUID',
  'Query',
  'FQL',
];
const MODULES = new Set(FQL_MODULES);

const isIdStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdPart = (c: number) => isIdStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Splits FQL text into tokens that cover it exactly. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  const push = (kind: TokenKind, start: number, end: number) => {
    const last = out[out.length - 1];
    if (
      last &&
      last.kind === kind &&
      last.end === start &&
      (kind === 'space' || kind === 'string' || kind === 'comment')
    ) {
      last.end = end;
    } else out.push({ kind, start, end });
  };
  // Inside `#{ ... }` of a double-quoted string we tokenize code until the matching brace.
  const code = (stopAtBrace: boolean): void => {
    let depth = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      const start = i;
      if (stopAtBrace && c === 125 /* } */ && depth === 0) return;
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        while (i < n && /\s/.test(text[i])) i++;
        push('space', start, i);
      } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
        while (i < n && text[i] !== '\n') i++;
        push('comment', start, i);
      } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        // Block comments nest (Whitespace.scala).
        let level = 0;
        while (i < n) {
          if (text.startsWith('/*', i)) {
            level++;
            i += 2;
          } else if (text.startsWith('*/', i)) {
            level--;
            i += 2;
            if (level === 0) break;
          } else i++;
        }
        push('comment', start, i);
      } else if (c === 34 || c === 39) {
        stringLiteral(c);
      } else if (
        c === 60 &&
        text[i + 1] === '<' &&
        (text[i + 2] === '-' || text[i + 2] === '+') &&
        isIdStart(text.charCodeAt(i + 3))
      ) {
        heredoc();
      } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
        if (c === 48 && /[xXoObB]/.test(text[i + 1] ?? '')) {
          i += 2;
          while (i < n && /[0-9a-fA-F_]/.test(text[i])) i++;
        } else {
          while (i < n && /[0-9_]/.test(text[i])) i++;
          if (text[i] === '.' && isDigit(text.charCodeAt(i + 1))) {
            i++;
            while (i < n && /[0-9_]/.test(text[i])) i++;
          }
          if (/[eE]/.test(text[i] ?? '') && /[0-9+-]/.test(text[i + 1] ?? '')) {
            i += 2;
            while (i < n && isDigit(text.charCodeAt(i))) i++;
          }
        }
        push('number', start, i);
      } else if (isIdStart(c)) {
        while (i < n && isIdPart(text.charCodeAt(i))) i++;
        const word = text.slice(start, i);
        let j = i;
        while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
        const kind: TokenKind = KEYWORDS.has(word)
          ? 'keyword'
          : CONSTANTS.has(word)
            ? 'constant'
            : MODULES.has(word)
              ? 'module'
              : text[j] === '('
                ? 'function'
                : 'ident';
        push(kind, start, i);
      } else if (c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125) {
        if (c === 123) depth++;
        if (c === 125) depth--;
        i++;
        push('bracket', start, i);
      } else if ('+-*/%=!<>&|^~?:.'.includes(text[i])) {
        i++;
        while (i < n && '=&|>.?*'.includes(text[i]) && i - start < 3) i++;
        push('operator', start, i);
      } else {
        i++;
        push('punct', start, i);
      }
    }
  };
  const stringLiteral = (quote: number): void => {
    const start = i;
    i++;
    let segment = start;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92 /* \ */) {
        i += 2;
      } else if (c === quote) {
        i++;
        break;
      } else if (quote === 34 && c === 35 /* # */ && text[i + 1] === '{') {
        // Interpolation only in double quotes (Strings.scala istring).
        push('string', segment, i);
        push('interp', i, i + 2);
        i += 2;
        code(true);
        if (i < n) {
          push('interp', i, i + 1);
          i++;
        }
        segment = i;
        continue;
      } else i++;
    }
    i = Math.min(i, n);
    if (i > segment) push('string', segment, i);
  };
  const heredoc = (): void => {
    const start = i;
    i += 3;
    const idStart = i;
    while (i < n && isIdPart(text.charCodeAt(i))) i++;
    const id = text.slice(idStart, i);
    // The heredoc ends at a line holding only the identifier (indentation allowed).
    const re = new RegExp(`\\n[ \\t]*${id}(?![A-Za-z0-9_])`, 'g');
    re.lastIndex = i;
    const m = re.exec(text);
    i = m ? m.index + m[0].length : n;
    push('string', start, i);
  };
  code(false);
  // A stray `}` at top level stops code(true) only inside strings; at top level code(false)
  // never stops early, so every character is covered.
  return out;
}

const OPEN = '([{';
const CLOSE = ')]}';

/**
 * The offset of the bracket matching the one at `offset` (or just before it), ignoring
 * brackets in strings and comments; null when there is none or it is unbalanced.
 */
export function matchBracket(
  text: string,
  offset: number,
  tokens: Token[] = tokenize(text),
): { at: number; match: number } | null {
  const brackets = tokens.filter((t) => t.kind === 'bracket');
  let idx = brackets.findIndex((t) => t.start === offset);
  if (idx < 0) idx = brackets.findIndex((t) => t.start === offset - 1);
  if (idx < 0) return null;
  const at = brackets[idx].start;
  const ch = text[at];
  const open = OPEN.indexOf(ch);
  const close = CLOSE.indexOf(ch);
  let depth = 0;
  if (open >= 0) {
    for (let k = idx; k < brackets.length; k++) {
      const c = text[brackets[k].start];
      if (c === ch) depth++;
      else if (c === CLOSE[open]) depth--;
      if (depth === 0) return { at, match: brackets[k].start };
    }
  } else if (close >= 0) {
    for (let k = idx; k >= 0; k--) {
      const c = text[brackets[k].start];
      if (c === ch) depth++;
      else if (c === OPEN[close]) depth--;
      if (depth === 0) return { at, match: brackets[k].start };
    }
  }
  return null;
}
