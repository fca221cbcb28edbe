/**
 * `fly-fauna check --format github`: GitHub Actions workflow commands, one annotation per
 * finding (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message`).
 * Escaping as actions/toolkit's packages/core/src/command.ts (escapeData, escapeProperty):
 * data `%` `\r` `\n`; properties also `:` and `,`. Lines and columns 1-based.
 */
import type { CheckReport } from '../check';
import type { Severity } from '../types';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
};

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The workflow commands for the reports, one line each, newline-terminated. */
export function toGithubCommands(reports: readonly CheckReport[]): string {
  let out = '';
  for (const r of reports)
    for (const f of r.findings) {
      const props: Array<[string, string]> = [['file', r.file.replace(/\\/g, '/')]];
      if (f.range) {
        props.push(
          ['line', String(f.range.start.line + 1)],
          ['col', String(f.range.start.character + 1)],
          ['endLine', String(f.range.end.line + 1)],
          ['endColumn', String(f.range.end.character + 1)],
        );
      }
      props.push(['title', f.code]);
      const p = props.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',');
      out += `::${COMMAND[f.severity]} ${p}::${escapeData(f.message)}\n`;
    }
  return out;
}
