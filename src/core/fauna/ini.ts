/**
 * A small INI reader for Fauna CLI v3's `.fauna-project` (written by the `ini` npm
 * package: `key=value`, `[section]`, `;`/`#` comments, values optionally in double or
 * single quotes). Keys before any section are the top level.
 */

/** Sections of an INI file; `''` holds the top-level keys. */
export interface IniResult {
  sections: Record<string, Record<string, string>>;
  /** 1-based numbers of lines that are no section, key or comment (values never repeated). */
  badLines: number[];
}

/** Parses INI text. A repeated key keeps its last value. Never throws. */
export function parseIni(text: string): IniResult {
  // Null prototypes: a section or key named `__proto__` must stay plain data.
  const dict = (): Record<string, string> => Object.create(null) as Record<string, string>;
  const sections = Object.create(null) as Record<string, Record<string, string>>;
  sections[''] = dict();
  const badLines: number[] = [];
  let current = sections[''];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((rawLine, i) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) return;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section) {
      const name = section[1].trim();
      current = sections[name] ??= dict();
      return;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) {
      badLines.push(i + 1);
      return;
    }
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    const q = value[0];
    if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q))
      value = value.slice(1, -1);
    current[key] = value;
  });
  const out: Record<string, Record<string, string>> = {};
  for (const name of Object.keys(sections))
    Object.defineProperty(out, name, {
      value: { ...sections[name] },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return { sections: out, badLines };
}
