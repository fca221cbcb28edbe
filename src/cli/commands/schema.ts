/**
 * `fly-fauna schema diff|pull|push|status|commit|abandon [--dir D] [--staged] [--yes]
 *  [--version N] [--endpoint URL] [--format text|json]`
 *
 * Schema files in the project against the database, through the core's schema HTTP API
 * (src/node/fauna/schema-client.ts). The folder: `--dir`, else `.fauna-project`
 * `schema_directory`, else a fauna.config profile's `fsl-directory`, else `schema/`.
 * The secret comes from FAUNA_SECRET (environment or .env), as for `fly-fauna query`.
 *
 * Exit codes: 0 done (and `diff` with or without changes: it reports, like `git diff`);
 * 1 the database refused or failed (a concurrent schema change, invalid FSL, 401, no
 * answer); 2 bad usage or unreadable input, and `push` without `--yes` (it shows the diff
 * and changes nothing: no prompt, so CI never hangs).
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { FileChange, SchemaFile } from '../../core/fauna/schema';
import { changedFiles, changesText, resolveSchemaDir } from '../../core/fauna/schema';
import { pushIsStaged, pushWhileStagedWarning } from '../../core/fauna/schema-staged';
import { readFaunaFiles, resolveConnection } from '../../node/fauna/connection';
import { SchemaApiError, SchemaClient } from '../../node/fauna/schema-client';
import { readSchemaDir, writeSchemaFiles } from '../../node/fauna/schema-files';
import { flag, format, parse, str } from '../args';
import type { CliIo, Command } from '../io';
import { UsageError, styles, useColor } from '../io';

const SUBCOMMANDS = ['diff', 'pull', 'push', 'status', 'commit', 'abandon'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

const USAGE =
  'usage: fly-fauna schema diff|pull|push|status|commit|abandon [--dir D] [--staged] [--yes] [--version N] [--endpoint URL] [--format text|json]';

const HELP = `${USAGE}

  diff     list the files that differ (+ new, ~ changed, - only in the database) and Fauna's
           textual diff; exit 0 with or without changes
  push     the same, then, only with --yes, replace the database's schema with the folder's
           files, sending the schema version read first: a change made meanwhile is refused
           (exit 1). Without --yes nothing is pushed and the exit code is 2 (no prompt).
           --version N: push only if the database is still at version N (from diff --format json)
  pull     write the database's files into the folder; local files it lacks are kept
  status | commit | abandon   the staged schema (push --staged stages one)

The folder: --dir, else .fauna-project schema_directory, else a fauna.config.yaml profile's
fsl-directory, else schema/. The secret: FAUNA_SECRET in the environment or .env.
Exit codes: 0 done; 1 Fauna refused or failed; 2 bad usage, or push without --yes.
`;

const schema: Command = async (argv: string[], io: CliIo): Promise<number> => {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    io.stdout.write(HELP);
    return 0;
  }
  const p = parse(
    argv,
    {
      dir: { type: 'string' },
      staged: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      version: { type: 'string' },
      endpoint: { type: 'string' },
      format: { type: 'string' },
    },
    1,
  );
  const sub = p.positionals[0] as Sub | undefined;
  if (sub === undefined || !SUBCOMMANDS.includes(sub))
    throw new UsageError(sub === undefined ? USAGE : `unknown schema command '${sub}'\n${USAGE}`);
  const fmt = format(p);
  const staged = flag(p, 'staged');
  const yes = flag(p, 'yes');
  const versionFlag = str(p, 'version');
  if (versionFlag !== undefined && !/^\d+$/.test(versionFlag))
    throw new UsageError(`--version must be a schema version number, not '${versionFlag}'`);
  if (versionFlag !== undefined && sub !== 'push' && sub !== 'commit' && sub !== 'abandon')
    throw new UsageError(`--version is for push, commit and abandon`);
  if (yes && sub !== 'push') throw new UsageError('--yes is for push');
  if (staged && sub !== 'diff' && sub !== 'push' && sub !== 'pull')
    throw new UsageError(
      `--staged is for diff, push and pull (${sub} always works on the staged schema)`,
    );
  const endpointFlag = str(p, 'endpoint');
  if (endpointFlag !== undefined && !/^https?:\/\/[^\s/]+/i.test(endpointFlag))
    throw new UsageError(
      `--endpoint must be an http(s) URL such as http://localhost:8443, not '${endpointFlag}'`,
    );

  const s = styles(useColor(io.stderr, io.env));
  const conn = await resolveConnection({
    cwd: io.cwd,
    env: io.env,
    ...(endpointFlag !== undefined ? { endpointFlag } : {}),
  });
  for (const w of conn.warnings) io.stderr.write(`${s.yellow('warning:')} ${w}\n`);
  if (!conn.secret)
    throw new UsageError(
      'no Fauna secret: set FAUNA_SECRET in the environment or in .env (an admin key for push, commit and abandon)',
    );

  // The schema folder (only the file commands need it).
  let dir = '';
  let dirSource = '';
  if (sub === 'diff' || sub === 'pull' || sub === 'push') {
    const choice = resolveSchemaDir({
      ...(str(p, 'dir') !== undefined ? { flag: str(p, 'dir') } : {}),
      files: await readFaunaFiles(io.cwd, io.env),
      ...(io.env.FAUNA_PROFILE ? { profile: io.env.FAUNA_PROFILE } : {}),
    });
    dir = path.resolve(io.cwd, choice.dir);
    dirSource = choice.source;
    const st = await stat(dir).catch(() => null);
    if (sub !== 'pull' && !st?.isDirectory())
      throw new UsageError(`schema folder ${choice.dir} (from ${dirSource}) does not exist`);
    if (sub === 'pull' && st && !st.isDirectory())
      throw new UsageError(`${choice.dir} (from ${dirSource}) is not a folder`);
  }

  const client = new SchemaClient({
    endpoint: conn.endpoint.value,
    secret: conn.secret.value,
    ...(io.signal ? { signal: io.signal } : {}),
  });
  const out = (json: unknown, text: string) => {
    if (fmt === 'json') io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    else io.stdout.write(text);
  };
  const rel = path.relative(io.cwd, dir) || '.';
  try {
    switch (sub) {
      case 'diff':
      case 'push': {
        const local = await readLocal(dir);
        const remote = await client.pull({ staged });
        const changes = changedFiles(local, remote.files);
        const d = await client.diff(local, { version: remote.version, staged });
        const version = versionFlag !== undefined ? Number(versionFlag) : remote.version;
        // An active push while a schema is staged is staged by Fauna: it replaces the
        // staged schema (core/fauna/schema-staged.ts). Said on stderr; the JSON and the
        // exit codes stay as they are. Where nothing can be staged (the root database:
        // 400), there is nothing to say.
        const stagedNow =
          sub === 'push' && !staged && changes.length > 0
            ? await client.status().then(
                (st) => st.status,
                (e: unknown) => {
                  if (e instanceof SchemaApiError && e.kind === 'invalid') return null;
                  throw e;
                },
              )
            : null;
        if (stagedNow !== null && pushIsStaged(stagedNow))
          io.stderr.write(
            `${s.yellow('warning:')} ${pushWhileStagedWarning(stagedNow, 'fly-fauna schema pull --staged')}\n`,
          );
        if (sub === 'diff' || changes.length === 0 || !yes) {
          out(
            { dir: rel, dirSource, version: remote.version, staged, changes, diff: d.diff },
            diffText(rel, changes, d.diff),
          );
          if (sub === 'diff') return 0;
          if (changes.length === 0) {
            io.stderr.write('Nothing to push: the database has these files.\n');
            return 0;
          }
          io.stderr.write(
            `Nothing was pushed. Add --yes to push ${plural(changes.length, 'file')}${staged ? ' as a staged schema' : ''} (version ${remote.version}).\n`,
          );
          return 2;
        }
        const next = await client.update(local, { version, staged });
        out(
          { dir: rel, pushed: changes, staged, version: next },
          `${diffText(rel, changes, d.diff)}`,
        );
        io.stderr.write(
          `${s.green('Pushed')} ${plural(local.length, 'file')} from ${rel}${staged || pushIsStaged(stagedNow) ? ' as a staged schema (fly-fauna schema status, then commit)' : ''}; schema version ${next}.\n`,
        );
        return 0;
      }
      case 'pull': {
        const remote = await client.pull({ staged });
        const local = await readLocal(dir).catch(() => [] as SchemaFile[]);
        const changes = changedFiles(remote.files, local);
        const write = remote.files.filter((f) =>
          changes.some((c) => c.name === f.name && c.kind !== 'removed'),
        );
        await writeSchemaFiles(dir, write);
        const kept = changes.filter((c) => c.kind === 'removed').map((c) => c.name);
        out(
          {
            dir: rel,
            version: remote.version,
            written: write.map((f) => f.name),
            keptLocalOnly: kept,
          },
          write.map((f) => `wrote ${path.join(rel, f.name)}\n`).join(''),
        );
        io.stderr.write(
          `${plural(write.length, 'file')} written, ${remote.files.length - write.length} already the same` +
            (kept.length
              ? `; kept ${plural(kept.length, 'local file')} the database does not have (${kept.join(', ')}): a push would add them; delete them if unwanted`
              : '') +
            ` (schema version ${remote.version}).\n`,
        );
        return 0;
      }
      case 'status': {
        const st = await client.status();
        out(st, `status: ${st.status}\n${st.pendingSummary}${st.diff ? `\n${st.diff}` : ''}`);
        return 0;
      }
      case 'commit':
      case 'abandon': {
        const version =
          versionFlag !== undefined ? Number(versionFlag) : (await client.status()).version;
        const next =
          sub === 'commit' ? await client.commit(version) : await client.abandon(version);
        out({ version: next }, '');
        io.stderr.write(
          `${sub === 'commit' ? 'Committed the staged schema' : 'Abandoned the staged schema'}; schema version ${next}.\n`,
        );
        return 0;
      }
    }
  } catch (e) {
    if (!(e instanceof SchemaApiError)) throw e;
    if (fmt === 'json')
      io.stdout.write(
        `${JSON.stringify({ error: { kind: e.kind, message: e.message } }, null, 2)}\n`,
      );
    io.stderr.write(`${s.red(`fly-fauna schema ${sub}:`)} ${e.message}\n`);
    if (e.kind === 'network' || e.kind === 'unauthorized')
      io.stderr.write(s.dim(`endpoint from ${conn.endpoint.source}\n`));
    return 1;
  } finally {
    client.close();
  }
};

async function readLocal(dir: string): Promise<SchemaFile[]> {
  try {
    return await readSchemaDir(dir);
  } catch (e) {
    throw new UsageError(`cannot read the schema folder ${dir}: ${(e as Error).message}`);
  }
}

function diffText(rel: string, changes: FileChange[], diff: string): string {
  if (changes.length === 0) return `No changes: ${rel} matches the database.\n`;
  return `${changesText(changes)}\n${diff}${diff.endsWith('\n') || diff === '' ? '' : '\n'}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export default schema;
