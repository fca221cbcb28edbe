/**
 * `fly-fauna check --format sarif`: SARIF 2.1.0 (OASIS) for GitHub code scanning and
 * other SARIF viewers. Pure: takes the check reports and returns the log object.
 * Regions are 1-based; columns count UTF-16 code units (`columnKind`), exactly the
 * engine's characters plus one; SARIF's endColumn is the column after the region, as our
 * ranges are half-open.
 */
import type { CheckReport } from '../check';
import type { Severity } from '../types';
import { codeHelpUri, FINDING_CODES, README_URL } from './codes';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The root every relative artifact URI is resolved against (the CLI's working folder). */
export const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

export interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  helpUri: string;
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
}

/** One rule per registered code, then any other code the reports hold (as it came). */
export function sarifRules(reports: readonly CheckReport[]): SarifRule[] {
  const rules: SarifRule[] = [];
  const rule = (id: string, severity: Severity, help: string): SarifRule => ({
    id,
    shortDescription: { text: help },
    fullDescription: { text: help },
    help: { text: `${help} See ${codeHelpUri(id)}` },
    helpUri: codeHelpUri(id),
    defaultConfiguration: { level: LEVEL[severity] },
  });
  for (const [id, info] of Object.entries(FINDING_CODES))
    rules.push(rule(id, info.severity, info.help));
  const known = new Set(rules.map((r) => r.id));
  for (const r of reports)
    for (const f of r.findings) {
      if (known.has(f.code)) continue;
      known.add(f.code);
      // Not in the registry yet: its first message is the best help there is.
      rules.push(rule(f.code, f.severity, f.message));
    }
  return rules;
}

/**
 * A report's file as an artifact location: relative paths (the CLI shows files relative
 * to its working folder) become a relative URI against %SRCROOT%; absolute ones a file URI.
 */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const slashed = file.replace(/\\/g, '/');
  const encode = (p: string) => p.split('/').map(encodeURIComponent).join('/');
  if (/^[A-Za-z]:\//.test(slashed))
    return { uri: `file:///${slashed.slice(0, 2)}${encode(slashed.slice(2))}` };
  if (slashed.startsWith('/')) return { uri: `file://${encode(slashed)}` };
  return { uri: encode(slashed.replace(/^\.\//, '')), uriBaseId: SRCROOT };
}

/** The SARIF log for one or more check reports (one run, one tool). */
export function toSarif(
  reports: readonly CheckReport[],
  opts: { version: string; srcRootUri?: string },
): Record<string, unknown> {
  const rules = sarifRules(reports);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = reports.flatMap((r) =>
    r.findings.map((f) => {
      const physicalLocation: Record<string, unknown> = {
        artifactLocation: artifactLocation(r.file),
      };
      if (f.range) {
        physicalLocation.region = {
          startLine: f.range.start.line + 1,
          startColumn: f.range.start.character + 1,
          endLine: f.range.end.line + 1,
          endColumn: f.range.end.character + 1,
        };
      }
      return {
        ruleId: f.code,
        ruleIndex: index.get(f.code),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation }],
      };
    }),
  );
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: 'fly-fauna',
        version: opts.version,
        informationUri: README_URL,
        rules,
      },
    },
    columnKind: 'utf16CodeUnits',
    results,
  };
  if (opts.srcRootUri !== undefined) {
    const uri = opts.srcRootUri.endsWith('/') ? opts.srcRootUri : `${opts.srcRootUri}/`;
    run.originalUriBaseIds = { [SRCROOT]: { uri } };
  }
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}
