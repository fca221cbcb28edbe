/**
 * A `.env` reader following the format dotenv and Docker Compose accept:
 * `KEY=VALUE` lines, optional `export `, `#` comments (whole line, or after an unquoted
 * value when preceded by a space), single quotes literal, double quotes with `\n`, `\r`,
 * `\t`, `\"`, `\\` escapes, quoted values spanning lines, CRLF line ends. A later
 * definition of a key wins, as in dotenv.
 *
 * Problems are reported by line number only: a `.env` holds secrets, so no warning ever
 * repeats a value.
 */

/** The variables of a `.env` file and the numbers of the lines that could not be read. */
export interface DotenvResult {
  vars: Record<string, string>;
  /** 1-based line numbers of lines that are neither blank, a comment nor `KEY=VALUE`. */
  badLines: number[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Parses the text of a `.env` file. Never throws. */
export function parseDotenv(text: string): DotenvResult {
  const vars: Record<string, string> = Object.create(null) as Record<string, string>;
  const badLines: number[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i].trimStart();
    if (line === '' || line.startsWith('#')) continue;
    if (/^export\s/.test(line)) line = line.replace(/^export\s+/, '');
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!KEY.test(key)) {
      badLines.push(lineNo);
      continue;
    }
    let rest = line.slice(eq + 1).trimStart();
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      // A quoted value may run over several lines until its closing quote.
      let body = rest.slice(1);
      let close = findClose(body, quote);
      let j = i;
      while (close < 0 && j + 1 < lines.length) {
        j++;
        body += '\n' + lines[j];
        close = findClose(body, quote);
      }
      if (close < 0) {
        badLines.push(lineNo);
        continue;
      }
      i = j;
      const raw = body.slice(0, close);
      vars[key] = quote === '"' ? unescapeDouble(raw) : raw;
      continue;
    }
    // Unquoted: an inline comment starts at ` #`; surrounding spaces are not part of it.
    const hash = rest.search(/\s#/);
    if (hash >= 0) rest = rest.slice(0, hash);
    vars[key] = rest.trim();
  }
  return { vars: { ...vars }, badLines };
}

function findClose(body: string, quote: string): number {
  for (let k = 0; k < body.length; k++) {
    if (quote === '"' && body[k] === '\\') {
      k++;
      continue;
    }
    if (body[k] === quote) return k;
  }
  return -1;
}

function unescapeDouble(s: string): string {
  return s.replace(
    /\\([nrt"\\])/g,
    (_, c: string) => ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' })[c] ?? c,
  );
}
