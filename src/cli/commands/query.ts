/**
 * `fly-fauna query [FQL | --file F.fql] [--endpoint URL] [--arg NAME=JSON]...
 *  [--typecheck] [--timeout MS] [--role NAME | --as-doc COLL/ID] [--format text|json]`
 *
 * The secret comes from FAUNA_SECRET / FAUNA_SECRET_KEY (environment or .env) or a
 * fauna.config profile, never from argv. `--role` / `--as-doc` run the query as that
 * identity with a scoped secret (`KEY:SCOPE`, core/fauna/scoped-secret.ts), built here
 * and never printed. Ctrl+C (io.signal) cancels the query at once.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgFlags } from '../../core/fql/args';
import type { QueryError } from '../../core/fql/errors';
import type { RunAsIdentity } from '../../core/fauna/scoped-secret';
import {
  identityJson,
  label,
  parseDocRef,
  parseRole,
  refusedMessage,
  scopedSecret,
} from '../../core/fauna/scoped-secret';
import { displayEndpoint } from '../../core/fql/errors';
import { resultJson, statsLine } from '../../core/fql/result';
import { toPlain } from '../../core/fql/value';
import { resolveConnection } from '../../node/fauna/connection';
import { FaunaRunner } from '../../node/fauna/runner';
import { flag, format, list, parse, str } from '../args';
import type { CliIo, Command } from '../io';
import { UsageError, styles, useColor } from '../io';

/** Text output is cut past this many characters (JSON output never is). */
export const TEXT_OUTPUT_CAP = 1_000_000;

const SECRET_HINT =
  'set FAUNA_SECRET (or FAUNA_SECRET_KEY) in the environment or in .env, e.g. FAUNA_SECRET=secret for a local self-hosted Fauna';

const query: Command = async (argv: string[], io: CliIo): Promise<number> => {
  const p = parse(
    argv,
    {
      file: { type: 'string', short: 'f' },
      endpoint: { type: 'string' },
      arg: { type: 'string', multiple: true },
      typecheck: { type: 'boolean' },
      timeout: { type: 'string' },
      format: { type: 'string' },
      role: { type: 'string' },
      'as-doc': { type: 'string' },
    },
    1,
  );
  const fmt = format(p);
  const file = str(p, 'file');
  // `fly-fauna query -- '-1 + 1'`: text after `--` is the query even if it looks like a flag.
  if (p.positionals.length + p.rest.length > 1)
    throw new UsageError('give one query (quote it), or --file');
  const inline = p.positionals[0] ?? p.rest[0];
  if (file !== undefined && inline !== undefined)
    throw new UsageError('give the query as an argument or with --file, not both');
  let text: string;
  if (file !== undefined) {
    try {
      text = (await readFile(path.resolve(io.cwd, file), 'utf8')).replace(/^\uFEFF/, '');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(
        `cannot read --file ${file}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`,
      );
    }
  } else if (inline !== undefined) {
    text = inline;
  } else {
    throw new UsageError(
      "no query: give FQL as an argument (fly-fauna query 'Product.all()') or --file F.fql",
    );
  }
  if (text.trim() === '') throw new UsageError('the query is empty');
  const args = parseArgFlags(list(p, 'arg'));
  if (!args.ok) throw new UsageError(args.error);
  let timeoutMs: number | undefined;
  const timeout = str(p, 'timeout');
  if (timeout !== undefined) {
    timeoutMs = Number(timeout);
    if (!/^\d+$/.test(timeout) || timeoutMs <= 0)
      throw new UsageError(`--timeout must be a positive number of milliseconds, not '${timeout}'`);
  }
  const roleFlag = str(p, 'role');
  const docFlag = str(p, 'as-doc');
  if (roleFlag !== undefined && docFlag !== undefined)
    throw new UsageError('give --role or --as-doc, not both: a query runs as one identity');
  let identity: RunAsIdentity = { kind: 'own' };
  if (roleFlag !== undefined || docFlag !== undefined) {
    const parsed = roleFlag !== undefined ? parseRole(roleFlag) : parseDocRef(docFlag ?? '');
    if (!parsed.ok)
      throw new UsageError(`${roleFlag !== undefined ? '--role' : '--as-doc'}: ${parsed.error}`);
    identity = parsed.value;
  }
  const endpointFlag = str(p, 'endpoint');
  if (endpointFlag !== undefined && !/^https?:\/\/[^\s/]+/i.test(endpointFlag)) {
    throw new UsageError(
      `--endpoint must be an http(s) URL such as http://localhost:8443, not '${endpointFlag}'`,
    );
  }

  const conn = await resolveConnection({
    cwd: io.cwd,
    env: io.env,
    ...(endpointFlag !== undefined ? { endpointFlag } : {}),
  });
  const s = styles(useColor(io.stderr, io.env));
  for (const w of conn.warnings) io.stderr.write(`${s.yellow('warning:')} ${w}\n`);

  let secret = conn.secret?.value;
  if (secret && identity.kind !== 'own') {
    const built = scopedSecret(secret, identity);
    if (!built.ok) throw new UsageError(built.error);
    secret = built.value;
  }

  const runner = new FaunaRunner({ secretHint: SECRET_HINT });
  try {
    const outcome = await runner.run(
      { endpoint: conn.endpoint.value, secret },
      {
        query: text,
        arguments: args.value,
        ...(flag(p, 'typecheck') ? { typecheck: true } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(io.signal ? { signal: io.signal } : {}),
      },
    );
    if (!outcome.ok) {
      const error = outcome.error;
      // A scope naming a missing role/document/database, or a key that may not set one,
      // is the core's 401: say it was the identity that was refused.
      if (error.code === 'unauthorized' && identity.kind !== 'own')
        error.message = refusedMessage(identity, displayEndpoint(conn.endpoint.value));
      return printError(error, fmt, io, s, conn.endpoint.source, identity);
    }
    const r = outcome.result;
    if (fmt === 'json') {
      const doc =
        identity.kind === 'own'
          ? resultJson(r)
          : { ...resultJson(r), identity: identityJson(identity) };
      io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      return 0;
    }
    let out = JSON.stringify(toPlain(r.data), null, 2);
    if (out.length > TEXT_OUTPUT_CAP) {
      const total = out.length;
      out = out.slice(0, out.lastIndexOf('\n', TEXT_OUTPUT_CAP));
      io.stdout.write(`${out}\n`);
      io.stderr.write(
        s.yellow(
          `output cut at ${TEXT_OUTPUT_CAP.toLocaleString('en')} of ${total.toLocaleString('en')} characters; use --format json for all of it\n`,
        ),
      );
    } else {
      io.stdout.write(`${out}\n`);
    }
    if (r.summary) io.stderr.write(`${r.summary}\n`);
    const type = r.staticType ? `${r.staticType} · ` : '';
    const as = identity.kind === 'own' ? '' : ` · ran ${label(identity)}`;
    io.stderr.write(
      s.dim(
        `${type}${statsLine(r.stats, r.txnTs)} · ${displayEndpoint(conn.endpoint.value)}${as}\n`,
      ),
    );
    return 0;
  } finally {
    runner.close();
  }
};

function printError(
  error: QueryError,
  fmt: 'text' | 'json',
  io: CliIo,
  s: ReturnType<typeof styles>,
  endpointSource: string,
  identity: RunAsIdentity,
): number {
  if (fmt === 'json') {
    const doc = {
      error: { code: error.code, message: error.message, summary: error.summary },
      stats: error.stats ?? {},
      ...(identity.kind === 'own' ? {} : { identity: identityJson(identity) }),
    };
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return 1;
  }
  io.stderr.write(`${s.red('fly-fauna query:')} ${error.message}\n`);
  if (error.summary) io.stderr.write(`${error.summary}\n`);
  if (error.code === 'network' || error.code === 'unauthorized')
    io.stderr.write(s.dim(`endpoint from ${endpointSource}\n`));
  return 1;
}

export default query;
