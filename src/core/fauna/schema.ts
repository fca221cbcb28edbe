/**
 * Schema files against the database (pure): where the schema folder is, what the core's
 * schema HTTP API answers (`/schema/1/...`, docs/fauna.md "Schema files and the schema
 * HTTP API"), and which local files differ from the remote ones.
 */
import { parseDocument } from 'yaml';
import { parseIni } from './ini';

/** A folder and, in words, where it came from. */
export interface SchemaDirChoice {
  /** Relative to the project folder (or absolute when the source gave one). */
  dir: string;
  source: string;
}

const baseName = (name: string): string => name.replace(/^.*[\\/]/, '');
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : null;

/** The keys a Fauna CLI v4 profile may use for its `--fsl-directory` option (and aliases). */
const PROFILE_DIR_KEYS = ['fsl-directory', 'fslDirectory', 'directory', 'dir'];

/**
 * The schema folder, first found wins:
 * 1. `--dir` (the flag, or the extension's setting);
 * 2. `.fauna-project` `schema_directory=` (Fauna CLI v3, relative to that file's folder);
 * 3. a `fauna.config.yaml|yml|json` profile's `fsl-directory` (Fauna CLI v4 reads a
 *    profile's keys as its options; `dir`/`directory` are aliases) — the profile named by
 *    `profile` (`--profile`/FAUNA_PROFILE), else `default`, else the only one;
 * 4. `schema/` (our default: fauna-shell v4 uses `.`, which would push every .fsl file
 *    of the project).
 * `files` are the project's Fauna files by name (as settings discovery reads them).
 */
export function resolveSchemaDir(input: {
  flag?: string;
  flagLabel?: string;
  files: Array<{ name: string; text: string }>;
  profile?: string;
}): SchemaDirChoice {
  const flag = nonEmpty(input.flag);
  if (flag !== null) return { dir: flag, source: input.flagLabel ?? '--dir' };
  const project = input.files.find((f) => baseName(f.name) === '.fauna-project');
  if (project) {
    const dir = nonEmpty(parseIni(project.text).sections['']?.schema_directory);
    if (dir !== null) return { dir, source: `.fauna-project schema_directory=${dir}` };
  }
  for (const f of input.files) {
    if (!/^\.?fauna\.config\.(ya?ml|json)$/.test(baseName(f.name))) continue;
    const doc = parseDocument(f.text, { uniqueKeys: false });
    if (doc.errors.length) continue;
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: 50 });
    } catch {
      continue;
    }
    if (!isObject(data)) continue;
    const names = Object.keys(data).filter((k) => isObject(data[k]));
    const asked = nonEmpty(input.profile);
    const name =
      asked ?? (isObject(data.default) ? 'default' : names.length === 1 ? names[0] : null);
    if (name === null || !isObject(data[name])) continue;
    const profile = data[name];
    for (const key of PROFILE_DIR_KEYS) {
      const dir = nonEmpty(profile[key]);
      if (dir !== null)
        return { dir, source: `${baseName(f.name)} profile '${name}' (${key}: ${dir})` };
    }
  }
  return { dir: 'schema', source: 'default (schema/)' };
}

/** A schema file: its path relative to the schema folder (`/` separators) and its text. */
export interface SchemaFile {
  name: string;
  content: string;
}

/** `GET /schema/1/files` (SchemaResponse.scala:88-105). */
export interface RemoteFileList {
  version: number;
  files: string[];
}

/** `GET /schema/1/staged/status` (SchemaResponse.scala:148-181). */
export interface StagedStatus {
  version: number;
  status: 'none' | 'pending' | 'ready' | 'failed';
  pendingSummary: string;
  diff: string;
}

/** Why a response body is not what the API answers. */
export class MalformedResponse extends Error {
  override name = 'MalformedResponse';
}

function object(body: unknown, what: string): Record<string, unknown> {
  if (!isObject(body)) throw new MalformedResponse(`${what}: not a JSON object`);
  return body;
}

function version(o: Record<string, unknown>, what: string): number {
  if (typeof o.version !== 'number' || !Number.isFinite(o.version))
    throw new MalformedResponse(`${what}: no numeric version`);
  return o.version;
}

/** Parses `{version, files: [{filename}]}`. Throws MalformedResponse. */
export function parseFileList(body: unknown): RemoteFileList {
  const o = object(body, 'file list');
  if (!Array.isArray(o.files)) throw new MalformedResponse('file list: no files array');
  const files = o.files.map((f) => {
    if (!isObject(f) || typeof f.filename !== 'string')
      throw new MalformedResponse('file list: an entry without filename');
    return f.filename;
  });
  return { version: version(o, 'file list'), files };
}

/** Parses `{version, content}`. */
export function parseFileContent(body: unknown): { version: number; content: string } {
  const o = object(body, 'file');
  if (typeof o.content !== 'string') throw new MalformedResponse('file: no content');
  return { version: version(o, 'file'), content: o.content };
}

/** Parses `{version, diff}`. */
export function parseDiff(body: unknown): { version: number; diff: string } {
  const o = object(body, 'diff');
  if (typeof o.diff !== 'string') throw new MalformedResponse('diff: no diff text');
  return { version: version(o, 'diff'), diff: o.diff };
}

/** Parses `{version}` (update, commit, abandon). */
export function parseVersion(body: unknown): number {
  return version(object(body, 'answer'), 'answer');
}

/** Parses `{version, status, pending_summary?, diff?}`. */
export function parseStagedStatus(body: unknown): StagedStatus {
  const o = object(body, 'status');
  const status = o.status;
  if (status !== 'none' && status !== 'pending' && status !== 'ready' && status !== 'failed')
    throw new MalformedResponse(`status: unknown status ${JSON.stringify(status)}`);
  return {
    version: version(o, 'status'),
    status,
    pendingSummary: typeof o.pending_summary === 'string' ? o.pending_summary : '',
    diff: typeof o.diff === 'string' ? o.diff : '',
  };
}

/** The message of a schema API error body `{error: {message}}` (SchemaResponse.scala:257-268), or null. */
export function errorMessage(body: unknown): string | null {
  if (!isObject(body) || !isObject(body.error)) return null;
  return typeof body.error.message === 'string' ? body.error.message : null;
}

/** How one file differs between the local folder and the database. */
export interface FileChange {
  name: string;
  kind: 'added' | 'changed' | 'removed';
}

/**
 * Files that differ: `added` (only local: a push creates it), `changed`, `removed` (only
 * remote: a push removes it, since the files sent are the whole schema). Sorted by name.
 * Line endings are compared as `\n`.
 */
export function changedFiles(local: SchemaFile[], remote: SchemaFile[]): FileChange[] {
  const norm = (s: string) => s.replace(/\r\n/g, '\n');
  const r = new Map(remote.map((f) => [f.name, norm(f.content)]));
  const l = new Map(local.map((f) => [f.name, norm(f.content)]));
  const out: FileChange[] = [];
  for (const [name, text] of l) {
    const other = r.get(name);
    if (other === undefined) out.push({ name, kind: 'added' });
    else if (other !== text) out.push({ name, kind: 'changed' });
  }
  for (const name of r.keys()) if (!l.has(name)) out.push({ name, kind: 'removed' });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** One line per change: `+ added.fsl`, `~ main.fsl`, `- gone.fsl`. */
export function changesText(changes: FileChange[]): string {
  const mark = { added: '+', changed: '~', removed: '-' } as const;
  return changes.map((c) => `${mark[c.kind]} ${c.name}\n`).join('');
}

/** Builds the multipart form-data body the API takes: one part per file, named by its path. */
export function multipartBody(files: SchemaFile[], boundary: string): string {
  const parts = files.map(
    (f) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${f.name.replace(/"/g, '%22')}"; filename="${f.name.replace(/"/g, '%22')}"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n${f.content}\r\n`,
  );
  return `${parts.join('')}--${boundary}--\r\n`;
}
