/**
 * `fly-fauna query [FQL | --file F.fql] [--endpoint URL] [--arg NAME=JSON]...
 *  [--typecheck] [--timeout MS] [--format text|json]`
 *
 * The secret comes from FAUNA_SECRET / FAUNA_SECRET_KEY (environment or .env) or a
 * fauna.config profile, never from argv. Ctrl+C (io.signal) cancels the query at once.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgFlags } from '../../core/fql/args';
import type { QueryError } from '../../core/fql/errors';
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

  const runner = new FaunaRunner({ secretHint: SECRET_HINT });
  try {
    const outcome = await runner.run(
      { endpoint: conn.endpoint.value, secret: conn.secret?.value },
      {
        query: text,
        arguments: args.value,
        ...(flag(p, 'typecheck') ? { typecheck: true } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(io.signal ? { signal: io.signal } : {}),
      },
    );
    if (!outcome.ok) return printError(outcome.error, fmt, io, s, conn.endpoint.source);
    const r = outcome.result;
    if (fmt === 'json') {
      io.stdout.write(`${JSON.stringify(resultJson(r), null, 2)}\n`);
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
    io.stderr.write(
      s.dim(`${type}${statsLine(r.stats, r.txnTs)} · ${displayEndpoint(conn.endpoint.value)}\n`),
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
): number {
  if (fmt === 'json') {
    io.stdout.write(
      `${JSON.stringify({ error: { code: error.code, message: error.message, summary: error.summary }, stats: error.stats ?? {} }, null, 2)}\n`,
    );
    return 1;
  }
  io.stderr.write(`${s.red('fly-fauna query:')} ${error.message}\n`);
  if (error.summary) io.stderr.write(`${error.summary}\n`);
  if (error.code === 'network' || error.code === 'unauthorized')
    io.stderr.write(s.dim(`endpoint from ${endpointSource}\n`));
  return 1;
}

export default query;
