/**
 * *Push Fauna Secret to Fly*: `flyctl secrets set FAUNA_SECRET=- -a APP` with the value
 * on flyctl's stdin. The value is the folder's Fauna secret (SecretStorage from *Set
 * Fauna Secret*, else FAUNA_SECRET / FAUNA_SECRET_KEY from the environment or .env), or
 * typed into a password box. It never reaches argv, the log, a message or a setting.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resolveFaunaSettings } from '../../core/fauna/settings';
import { shellQuote } from '../../core/flyctl/argv';
import { secretsSetFromStdinArgs } from '../../core/flyctl/argv';
import type { CommandScope } from '../command-runner';
import type { Ctx } from '../ctx';
import { UserError } from '../ctx';
import { pickFolder, secretKey } from '../fql/connection';
import { flyActionTarget } from './target';

/** The name the secret gets on Fly (what the Fauna drivers read). */
export const FLY_SECRET_NAME = 'FAUNA_SECRET';

/**
 * Test hook: `{ confirm: true }` skips the modal, only when the extension runs under tests.
 * The value is never an argument.
 */
interface PushArgs {
  uri?: string;
  confirm?: boolean;
}

function redact(text: string, secret: string): string {
  return secret.length >= 4 ? text.split(secret).join('••••') : text;
}

export async function pushFaunaSecret(
  ctx: Ctx,
  scope: CommandScope,
  arg?: unknown,
): Promise<'set' | 'declined'> {
  const { args: a, document, app } = await flyActionTarget<PushArgs>(ctx, arg);
  const client = await ctx.flyctl(document.uri);

  // The folder's stored secret (what the FQL view uses) first, then what settings
  // discovery found beside this fly.toml: FAUNA_SECRET / FAUNA_SECRET_KEY in the
  // environment or its .env (a fauna.config profile's plain-file secret last).
  const folder = pickFolder(document.uri);
  const stored = (await ctx.extension.secrets.get(secretKey(folder)))?.trim();
  // Read fresh (not the cached analysis): the environment may have changed since.
  const found =
    stored !== undefined && stored !== ''
      ? { value: stored, source: `Set Fauna Secret (${folder?.name ?? 'no folder'})` }
      : resolveFaunaSettings({
          flags: {},
          files: await ctx.project.files(path.dirname(document.uri.fsPath)),
          env: process.env,
          flyEnv: {},
        }).secret;
  let value = found?.value.trim() ?? '';
  let source = found?.source ?? '';
  if (value === '') {
    const typed = await vscode.window.showInputBox({
      title: `Fauna secret to set as ${FLY_SECRET_NAME} on ${app}`,
      prompt:
        'Sent to flyctl on stdin only; not stored. (Set Fauna Secret stores one for this folder.)',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) =>
        v.trim() === ''
          ? 'Enter a secret, or press Escape'
          : /\s/.test(v.trim())
            ? 'A Fauna secret has no spaces'
            : null,
    });
    if (typed === undefined) return 'declined';
    value = typed.trim();
    source = 'typed in';
  }

  // flyctl reads at most 64 KiB from stdin for one secret.
  if (Buffer.byteLength(value) > 64 * 1024) {
    throw new UserError(
      `The Fauna secret from ${source} is larger than the 64 KiB flyctl reads; is it the right value?`,
    );
  }
  const args = secretsSetFromStdinArgs({ name: FLY_SECRET_NAME, app });
  if (!(a.confirm === true && ctx.extension.extensionMode === vscode.ExtensionMode.Test)) {
    const go = await vscode.window.showWarningMessage(
      `Set ${FLY_SECRET_NAME} on ${app}?`,
      {
        modal: true,
        detail: `The value (from ${source}) goes to flyctl on stdin:\n\n${shellQuote([client.path, ...args])}\n\nFly restarts the app's machines to apply it.`,
      },
      'Set Secret',
    );
    if (go !== 'Set Secret') return 'declined';
  }
  scope.report(`flyctl secrets set ${FLY_SECRET_NAME}=- -a ${app}`);
  ctx.log.info(
    `push secret: ${shellQuote([client.path, ...args])} (value from ${source} on stdin)`,
  );
  const r = await client.run(args, {
    stdin: value,
    signal: scope.signal,
    onLine: (line) => ctx.log.info(`  ${redact(line, value)}`),
  });
  if (r.exitCode !== 0) {
    // flyctl does not echo the value, but nothing from its output is shown unredacted.
    throw client.errorFor(args, {
      exitCode: r.exitCode,
      stdout: redact(r.stdout, value),
      stderr: redact(r.stderr, value),
    });
  }
  void vscode.window.showInformationMessage(
    `${FLY_SECRET_NAME} is set on ${app} (from ${source}); Fly restarts its machines to apply it.`,
  );
  return 'set';
}
